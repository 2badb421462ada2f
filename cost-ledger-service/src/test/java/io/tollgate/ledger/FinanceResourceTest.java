package io.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static io.tollgate.ledger.LedgerTestSupport.ACME;
import static io.tollgate.ledger.LedgerTestSupport.FINANCE;
import static io.tollgate.ledger.LedgerTestSupport.generate;
import static io.tollgate.ledger.LedgerTestSupport.retrieve;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.contracts.ledger.v1.Stage;

/** Finance reads come from the rollup that ingest maintains; a fresh tenant per run keeps the numbers exact. */
@QuarkusTest
class FinanceResourceTest {

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    /**
     * gpt-4o-mini ($0.15/$0.60): 1000 in + 500 out = $0.00045; baseline gpt-4-1106-preview ($10/$30) = $0.025.
     * An exact cache hit: one lookup $0.000001, saving the same $0.025 generation.
     */
    @Test
    void spendSavingsTopAndExportAgreeWithTheEvents() {
        String tenant = "t-" + Ids.newId().substring(24);
        String routed = Ids.newId();
        String hit = Ids.newId();
        var r = ledger.append(AppendRequest.newBuilder()
                .addEvents(generate(routed, tenant, "gpt-4o-mini", 1000, 0, 500))
                .addEvents(retrieve(hit, tenant, Outcome.OUTCOME_EXACT_HIT, 1000, 500)).build());
        org.junit.jupiter.api.Assertions.assertEquals(2, r.getAccepted());

        given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("group_by", "model")
                .when().get("/v1/finance/spend").then().statusCode(200)
                .body("", hasSize(2))
                .body("find { it.group.model == 'gpt-4o-mini' }.cost_usd", equalTo("0.000450000"))
                .body("find { it.group.model == 'tollgate-cache' }.cost_usd", equalTo("0.000001000"));
        given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("bucket", "day")
                .when().get("/v1/finance/spend").then().statusCode(200)
                .body("", hasSize(1)).body("[0].cost_usd", equalTo("0.000451000"))
                .body("[0].baseline_cost_usd", equalTo("0.050000000")).body("[0].bucket", startsWith("20"));

        given().header("Authorization", FINANCE).queryParam("tenant", tenant)
                .when().get("/v1/finance/savings").then().statusCode(200)
                .body("savings_by_lever_usd.cache", equalTo("0.024999000"))
                .body("savings_by_lever_usd.routing", equalTo("0.024550000"))
                .body("savings_usd", equalTo("0.049549000"));

        given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("by", "request").queryParam("n", 1)
                .when().get("/v1/finance/top").then().statusCode(200)
                .body("", hasSize(1)).body("[0].request_id", equalTo(routed));

        given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("format", "focus")
                .when().get("/v1/finance/export").then().statusCode(200)
                .body(startsWith("ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost"))
                .body(containsString(",Usage,0.000450000,"));
        given().header("Authorization", FINANCE).queryParam("tenant", tenant)
                .when().get("/v1/finance/export").then().statusCode(200)
                .body(containsString("," + tenant + ",search,key-1,gpt-4o-mini,openai,generate,routed,1,0,0.000450000,0.025000000"));
    }

    /** A cascade's second opinion or a shadow call: paid, no baseline, charged to the routing lever. */
    @Test
    void aVerifyCallIsSpendWithoutABaselineChargedToRouting() {
        String tenant = "t-" + Ids.newId().substring(24);
        String request = Ids.newId();
        var r = ledger.append(AppendRequest.newBuilder()
                .addEvents(generate(request, tenant, "gpt-4o-mini", 1000, 0, 500))
                .addEvents(generate(request, tenant, "gpt-4o-mini", 1000, 0, 500).setStage(Stage.STAGE_VERIFY)
                        .clearBaselineModel().putAttributes("role", "cascade-check")).build());
        org.junit.jupiter.api.Assertions.assertEquals(2, r.getAccepted());
        given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("group_by", "stage")
                .when().get("/v1/finance/spend").then().statusCode(200)
                .body("", hasSize(2))
                .body("find { it.group.stage == 'verify' }.cost_usd", equalTo("0.000450000"))
                .body("find { it.group.stage == 'verify' }.baseline_cost_usd", equalTo("0.000000000"))
                .body("find { it.group.stage == 'generate' }.baseline_cost_usd", equalTo("0.025000000"));
        given().header("Authorization", FINANCE).queryParam("tenant", tenant)
                .when().get("/v1/finance/savings").then().statusCode(200)
                .body("savings_by_lever_usd.routing", equalTo("0.024100000"))
                .body("savings_usd", equalTo("0.024100000"));
    }

    @Test
    void tenantKeysSeeOnlyTheirTenantAndBadQueriesAre400() {
        given().when().get("/v1/finance/spend").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", ACME).queryParam("tenant", "globex")
                .when().get("/v1/finance/spend").then().statusCode(403).body("error.param", equalTo("tenant"));
        given().header("Authorization", ACME).queryParam("group_by", "tenant")
                .when().get("/v1/finance/spend").then().statusCode(200)
                .body("group.tenant.unique()", org.hamcrest.Matchers.everyItem(equalTo("acme")));
        given().header("Authorization", FINANCE).queryParam("group_by", "password")
                .when().get("/v1/finance/spend").then().statusCode(400).body("error.param", equalTo("group_by"));
        given().header("Authorization", FINANCE).queryParam("bucket", "week")
                .when().get("/v1/finance/spend").then().statusCode(400).body("error.param", equalTo("bucket"));
        given().header("Authorization", FINANCE).queryParam("from", "yesterday")
                .when().get("/v1/finance/savings").then().statusCode(400).body("error.param", equalTo("from"));
        given().header("Authorization", FINANCE).queryParam("n", 0)
                .when().get("/v1/finance/top").then().statusCode(400).body("error.param", equalTo("n"));
    }
}
