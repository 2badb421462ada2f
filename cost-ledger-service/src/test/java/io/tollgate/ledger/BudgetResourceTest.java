package io.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static io.tollgate.ledger.LedgerTestSupport.ACME;
import static io.tollgate.ledger.LedgerTestSupport.FINANCE;
import static io.tollgate.ledger.LedgerTestSupport.generate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.BudgetKeys;
import io.tollgate.common.ledger.BudgetKeys.Period;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

@QuarkusTest
class BudgetResourceTest {

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @Inject
    RedisDataSource redis;

    /** gpt-4o-mini 1000 in + 500 out = $0.00045 an event; a $0.001 budget: 45 %, then 90 %. */
    @Test
    void crossedThresholdsFireOnceAndReachTheWebhookDespiteAFailure() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = calls.incrementAndGet() == 1 ? 503 : 204; // the first delivery fails: retried
            if (status == 204) {
                received.add(body);
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        hook.start();
        try {
            String tenant = "t-" + Ids.newId().substring(24);
            String id = given().header("Authorization", FINANCE).contentType(ContentType.JSON)
                    .body("{\"tenant\":\"" + tenant + "\",\"period\":\"month\",\"limit_usd\":\"0.001\","
                            + "\"webhook_url\":\"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\"}")
                    .post("/v1/budgets").then().statusCode(201)
                    .body("thresholds_pct", equalTo(List.of(50, 80, 100))).body("limit_usd", equalTo("0.001000000"))
                    .extract().path("id");
            assertEquals("1000000", redis.value(String.class)
                    .get(BudgetKeys.limitKey("tollgate-test:ledger:", tenant, "", Period.MONTH)), "published for the gateways");

            ledger.append(AppendRequest.newBuilder().addEvents(generate(Ids.newId(), tenant, "gpt-4o-mini", 1000, 0, 500))
                    .build());
            given().header("Authorization", FINANCE).post("/v1/budgets/check").then().statusCode(200);
            ledger.append(AppendRequest.newBuilder().addEvents(generate(Ids.newId(), tenant, "gpt-4o-mini", 1000, 0, 500))
                    .build());
            given().header("Authorization", FINANCE).post("/v1/budgets/check").then().statusCode(200);
            given().header("Authorization", FINANCE).post("/v1/budgets/check").then().statusCode(200)
                    .body("fired", equalTo(0));

            long deadline = System.currentTimeMillis() + 10_000;
            while (received.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, received.size(), "50 % and 80 % delivered once each: " + received);
            assertTrue(received.stream().anyMatch(b -> b.contains("\"threshold_pct\":80") && b.contains("\"spent_usd\":\"0.000900000\"")), received.toString());

            given().header("Authorization", FINANCE).get("/v1/budgets/" + id + "/status").then().statusCode(200)
                    .body("spent_usd", equalTo("0.000900000")).body("remaining_usd", equalTo("0.000100000"))
                    .body("used_pct", equalTo("90.00")).body("alerts", hasSize(2))
                    .body("period_start", equalTo(Period.MONTH.start(Instant.now()).toString()));
            given().header("Authorization", FINANCE).get("/v1/budgets/" + id + "/alerts").then().statusCode(200)
                    .body("threshold_pct", equalTo(List.of(80, 50)));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void onlyFinanceChangesBudgetsAndTenantsReadTheirOwn() {
        String body = "{\"tenant\":\"acme\",\"team\":\"t-" + Ids.newId().substring(24)
                + "\",\"period\":\"day\",\"limit_usd\":\"5\"}";
        given().header("Authorization", ACME).contentType(ContentType.JSON).body(body).post("/v1/budgets")
                .then().statusCode(403);
        String id = given().header("Authorization", FINANCE).contentType(ContentType.JSON).body(body).post("/v1/budgets")
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", FINANCE).contentType(ContentType.JSON).body(body).post("/v1/budgets")
                .then().statusCode(400).body("error.param", equalTo("period"));
        given().header("Authorization", FINANCE).contentType(ContentType.JSON).body("{\"limit_usd\":\"7.5\"}")
                .put("/v1/budgets/" + id).then().statusCode(200).body("limit_usd", equalTo("7.500000000"));
        given().header("Authorization", ACME).get("/v1/budgets/" + id + "/status").then().statusCode(200);
        given().header("Authorization", LedgerTestSupport.GLOBEX).get("/v1/budgets/" + id + "/status").then()
                .statusCode(403);
        given().header("Authorization", FINANCE).contentType(ContentType.JSON)
                .body("{\"tenant\":\"x\",\"period\":\"week\",\"limit_usd\":\"1\"}").post("/v1/budgets")
                .then().statusCode(400).body("error.param", equalTo("period"));
        given().header("Authorization", FINANCE).contentType(ContentType.JSON)
                .body("{\"tenant\":\"x\",\"period\":\"day\",\"limit_usd\":\"-1\"}").post("/v1/budgets")
                .then().statusCode(400).body("error.param", equalTo("limit_usd"));
    }
}
