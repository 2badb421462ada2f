package io.tollgate.gateway.budget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tollgate.common.ledger.BudgetKeys;
import io.tollgate.common.ledger.BudgetKeys.Period;

/** The budget stage end to end through the HTTP edge (the router is down in these tests: admitted = 502). */
@QuarkusTest
class BudgetEnforcementTest {
    static final String PREFIX = "tollgate-test:gw:";
    static final String TENANT = "budget-test";
    static final String CHAT = """
            {"model": "auto", "max_tokens": 100, "messages": [{"role": "user", "content": "Summarise the budget policy."}]}""";

    @Inject
    RedisDataSource redis;

    @AfterEach
    void clear() {
        for (Period p : Period.values()) {
            for (String team : new String[] { "", "qa" }) {
                redis.key().del(BudgetKeys.limitKey(PREFIX, TENANT, team, p),
                        BudgetKeys.useKey(PREFIX, TENANT, team, p, p.start(Instant.now())));
            }
        }
    }

    @Test
    void overBudgetIsRefusedWithInsufficientQuota() {
        redis.value(String.class).set(BudgetKeys.limitKey(PREFIX, TENANT, "qa", Period.DAY), "1000");
        given().header("Authorization", "Bearer tg-test-budget").contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions")
                .then().statusCode(429)
                .body("error.type", equalTo("insufficient_quota"))
                .body("error.code", equalTo("budget_exceeded"));
    }

    @Test
    void aKeyWithNothingToLookUpRunsTheMissOnTheEventLoopWithTheSameAnswers() {
        // tg-test-budget has its cache off: no lookup, a whole answer, so budget and route run as callbacks on the
        // event loop (ChatPipeline.proceedAsync); the refusal and the router's failure are the same errors as on a
        // virtual thread
        double before = proceeded("event_loop");
        redis.value(String.class).set(BudgetKeys.limitKey(PREFIX, TENANT, "qa", Period.DAY), "1000");
        given().header("Authorization", "Bearer tg-test-budget").contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions")
                .then().statusCode(429).body("error.code", equalTo("budget_exceeded"));
        redis.key().del(BudgetKeys.limitKey(PREFIX, TENANT, "qa", Period.DAY));
        given().header("Authorization", "Bearer tg-test-budget").contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions")
                .then().statusCode(502).body("error.code", equalTo("upstream_unavailable"))
                .header("x-request-id", org.hamcrest.Matchers.notNullValue());
        assertEquals(before + 2, proceeded("event_loop"));
        // a streamed request cannot be answered by callbacks: it goes to a virtual thread
        double streamed = proceeded("virtual_thread");
        given().header("Authorization", "Bearer tg-test-budget").contentType(ContentType.JSON)
                .body(CHAT.replace("{\"model\"", "{\"stream\": true, \"model\""))
                .post("/v1/chat/completions")
                .then().statusCode(502);
        assertEquals(streamed + 1, proceeded("virtual_thread"));
    }

    private static double proceeded(String thread) {
        String prefix = "tollgate_gateway_chat_proceeded_total{thread=\"" + thread + "\"} ";
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()));
            }
        }
        return 0;
    }

    @Test
    void aFailedRouteGivesItsReservationBack() {
        redis.value(String.class).set(BudgetKeys.limitKey(PREFIX, TENANT, "", Period.MONTH), "1000000000");
        given().header("Authorization", "Bearer tg-test-budget").contentType(ContentType.JSON).body(CHAT)
                .post("/v1/chat/completions")
                .then().statusCode(502);
        var use = redis.hash(String.class).hgetall(
                BudgetKeys.useKey(PREFIX, TENANT, "", Period.MONTH, Period.MONTH.start(Instant.now())));
        assertEquals("0", use.get("reserved"));
        assertEquals(null, use.get("spent"));
    }
}
