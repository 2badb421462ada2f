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
