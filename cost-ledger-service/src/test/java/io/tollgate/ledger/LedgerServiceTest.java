package io.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static io.tollgate.ledger.LedgerTestSupport.ACME;
import static io.tollgate.ledger.LedgerTestSupport.FINANCE;
import static io.tollgate.ledger.LedgerTestSupport.GLOBEX;
import static io.tollgate.ledger.LedgerTestSupport.embed;
import static io.tollgate.ledger.LedgerTestSupport.generate;
import static io.tollgate.ledger.LedgerTestSupport.retrieve;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.GetRequestCostsRequest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.contracts.ledger.v1.Rejection;
import io.tollgate.contracts.ledger.v1.RequestCosts;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.contracts.ledger.v1.StageCost;
import io.tollgate.ledger.service.LedgerRow;
import io.tollgate.ledger.service.UsageEvent;
import io.tollgate.ledger.store.LedgerStore;

/** Ingest and the per-request breakdown, over gRPC and REST, against the real PostgreSQL (schema ledger_test). */
@QuarkusTest
class LedgerServiceTest {

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    private AppendResponse append(CostEvent... events) {
        return ledger.append(AppendRequest.newBuilder().addAllEvents(List.of(events)).build());
    }

    @Inject
    LedgerStore store;

    /**
     * What the write path stores (binary COPY by default on PostgreSQL) reads back field for field: non-ASCII text,
     * attributes, microsecond times, a missing price (NULL), booleans, every count.
     */
    @Test
    void aStoredEventReadsBackFieldForField() {
        String rid = Ids.newId();
        long micros = 1_795_000_000_123_457L;
        CostEvent unpriced = generate(rid, "acme", "model-without-a-price-" + rid, 1234, 56, 789).setTeam("équipe-Zürich 🚀")
                .setTimeUnixMicros(micros).setComputeMicros(321).setLookups(2).setBaselineInputTokens(11).setBaselineOutputTokens(22)
                .putAttributes("route", "cheap→premium").putAttributes("quote", "it's \"quoted\", {braces}").build();
        CostEvent priced = embed(rid, "acme", 4000).setTimeUnixMicros(micros + 1).build();
        assertEquals(2, append(unpriced, priced).getAccepted());

        List<LedgerRow> rows = store.findByRequest(rid);
        assertEquals(2, rows.size());
        UsageEvent e = rows.get(0).event();
        assertEquals(unpriced.getEventId(), e.eventId());
        assertEquals(rid, e.requestId());
        assertEquals(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), e.time());
        assertEquals("équipe-Zürich 🚀", e.team());
        assertEquals("model-without-a-price-" + rid, e.model());
        assertEquals(List.of(1234L, 789L, 56L, 321L, 2L, 11L, 22L), List.of(e.inputTokens(), e.outputTokens(), e.cachedTokens(),
                e.computeMicros(), e.lookups(), e.baselineInputTokens(), e.baselineOutputTokens()));
        assertEquals(Map.of("route", "cheap→premium", "quote", "it's \"quoted\", {braces}"), e.attributes());
        assertEquals(null, rows.get(0).costNanos(), "an unpriced event stores NULL, never 0");
        assertFalse(rows.get(0).priced());
        assertTrue(rows.get(1).priced());
        assertTrue(rows.get(1).costNanos() > 0);
        assertEquals(Instant.EPOCH.plus(micros + 1, ChronoUnit.MICROS), rows.get(1).event().time());
    }

    @Test
    void retriedBatchIsCountedOnce() {
        String rid = Ids.newId();
        CostEvent a = generate(rid, "acme", "gpt-4o-mini", 1000, 0, 100).build();
        CostEvent b = embed(rid, "acme", 2000).build();
        AppendResponse first = append(a, b);
        AppendResponse replay = append(a, b);
        AppendResponse partlyNew = append(b, a, a);

        assertEquals(2, first.getAccepted());
        assertEquals(0, replay.getAccepted());
        assertEquals(2, replay.getDuplicates());
        assertEquals(0, partlyNew.getAccepted());
        assertEquals(3, partlyNew.getDuplicates());
        RequestCosts costs = ledger.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(rid).build());
        assertEquals(2, costs.getStagesCount());
        assertEquals(costs.getStagesList().stream().mapToLong(StageCost::getCostNanos).sum(), costs.getTotalCostNanos());
    }

    /**
     * Eight appenders retry the same batch at once, each with one event of its own: the appends share transactions
     * (group commit), and a key that two of them carry in one transaction is still stored and counted once.
     */
    @Test
    void concurrentRetriesOfOneBatchAreCountedOnceAcrossSharedTransactions() throws Exception {
        String rid = Ids.newId();
        List<CostEvent> shared = List.of(generate(rid, "acme", "gpt-4o-mini", 1000, 0, 100).build(),
                embed(rid, "acme", 2000).build(), generate(rid, "acme", "gpt-4o", 500, 0, 50).build());
        int appenders = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AppendResponse>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(appenders)) {
            for (int i = 0; i < appenders; i++) {
                CostEvent own = embed(rid, "acme", 10 + i).build();
                responses.add(pool.submit(() -> {
                    start.await();
                    List<CostEvent> batch = new ArrayList<>(shared);
                    batch.add(own);
                    return ledger.append(AppendRequest.newBuilder().addAllEvents(batch).build());
                }));
            }
            start.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (Future<AppendResponse> r : responses) {
                accepted += r.get(60, TimeUnit.SECONDS).getAccepted();
                duplicates += r.get().getDuplicates();
            }
            assertEquals(shared.size() + appenders, accepted);
            assertEquals((appenders - 1) * shared.size(), duplicates);
        }
        RequestCosts costs = ledger.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(rid).build());
        assertEquals(shared.size() + appenders, costs.getStagesCount());
    }

    @Test
    void invalidEventsAreRejectedByFieldWhileTheValidRestIsStored() {
        String rid = Ids.newId();
        AppendResponse r = append(
                generate(rid, "acme", "gpt-4o", 10, 0, 10).build(),
                generate(rid, "acme", "gpt-4o", 10, 0, 10).setEventId("").build(),
                generate(rid, "acme", "gpt-4o", -1, 0, 10).build(),
                generate(rid, "acme", "gpt-4o", 10, 0, 10).setStage(Stage.STAGE_UNSPECIFIED).build(),
                generate(rid, "acme", "gpt-4o", 10, 0, 10).setStageValue(42).build(),
                generate(rid, "", "gpt-4o", 10, 0, 10).build(),
                generate(rid, "acme", "gpt-4o", 10, 11, 10).build(),
                generate(rid, "acme", "gpt-4o", 10, 0, 10).setCostNanos(-5).build(),
                generate("", "acme", "gpt-4o", 10, 0, 10).build(),
                embed(rid, "acme", -3).build());

        assertEquals(1, r.getAccepted());
        Map<Integer, String> fieldByIndex = r.getRejectedList().stream()
                .collect(Collectors.toMap(Rejection::getIndex, Rejection::getField));
        assertEquals(Map.of(1, "event_id", 2, "input_tokens", 3, "stage", 4, "stage", 5, "tenant", 6, "cached_tokens",
                7, "cost_nanos", 8, "request_id", 9, "compute_micros"), fieldByIndex);
        assertTrue(r.getRejected(0).getReason().contains("event_id"), r.getRejected(0).getReason());
        RequestCosts costs = ledger.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(rid).build());
        assertEquals(1, costs.getStagesCount());
    }

    @Test
    void emptyAppendIsInvalidArgumentNamingEvents() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> ledger.append(AppendRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("events", e.getTrailers().get(TollgateException.PARAM_KEY));
    }

    @Test
    void getRequestCostsRejectsBlankAndUnknownIds() {
        StatusRuntimeException blank = assertThrows(StatusRuntimeException.class,
                () -> ledger.getRequestCosts(GetRequestCostsRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, blank.getStatus().getCode());
        assertEquals("request_id", blank.getTrailers().get(TollgateException.PARAM_KEY));
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> ledger.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(Ids.newId()).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    /**
     * gpt-4o: $2.50 / $1.25 cached / $10 per Mtok. 1034 uncached + 200 cached input, 567 output:
     * 2585 + 250 + 5670 = 8505 USD-per-Mtok-tokens = $0.008505. Baseline gpt-4-1106-preview ($10/$30):
     * 12340 + 17010 = $0.02935. Embed: 1500 micros at $0.085/h = 35.41 nanos -> 35. Miss lookup: $0.000001.
     */
    @Test
    void pricesAreExactAndStagesSumToTheTotal() {
        String rid = Ids.newId();
        append(embed(rid, "acme", 1500).build(),
                retrieve(rid, "acme", Outcome.OUTCOME_MISS, 0, 0).build(),
                generate(rid, "acme", "gpt-4o", 1234, 200, 567).build());

        RequestCosts costs = ledger.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(rid).build());
        Map<Stage, StageCost> byStage = costs.getStagesList().stream()
                .collect(Collectors.toMap(StageCost::getStage, s -> s));
        assertEquals(35, byStage.get(Stage.STAGE_EMBED).getCostNanos());
        assertEquals(1_000, byStage.get(Stage.STAGE_RETRIEVE).getCostNanos());
        assertEquals(8_505_000, byStage.get(Stage.STAGE_GENERATE).getCostNanos());
        assertEquals(29_350_000, byStage.get(Stage.STAGE_GENERATE).getBaselineCostNanos());
        assertEquals(8_506_035, costs.getTotalCostNanos());
        assertEquals(29_350_000, costs.getTotalBaselineCostNanos());

        given().header("Authorization", ACME).when().get("/v1/requests/" + rid + "/costs").then().statusCode(200)
                .body("request_id", equalTo(rid))
                .body("stages", hasSize(3))
                .body("stages.find { it.stage == 'generate' }.cost_usd", equalTo("0.008505000"))
                .body("stages.find { it.stage == 'embed' }.cost_usd", equalTo("0.000000035"))
                .body("stages.find { it.stage == 'retrieve' }.outcome", equalTo("miss"))
                .body("total_cost_usd", equalTo("0.008506035"))
                .body("total_baseline_cost_usd", equalTo("0.029350000"))
                .body("fully_priced", equalTo(true));
    }

    @Test
    void restErrorsAreOpenAiShaped() {
        given().header("Authorization", FINANCE).when().get("/v1/requests/" + Ids.newId() + "/costs").then()
                .statusCode(404).body("error.code", equalTo("not_found")).body("error.type", equalTo("invalid_request_error"));
        given().header("Authorization", FINANCE).when().get("/v1/requests/bad id!/costs").then()
                .statusCode(400).body("error.param", equalTo("id")).body("error.code", equalTo("invalid_request"));
        given().when().get("/v1/requests/" + Ids.newId() + "/costs").then()
                .statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer nope").when().get("/v1/requests/" + Ids.newId() + "/costs").then()
                .statusCode(401).body("error.param", equalTo("authorization"));
    }

    @Test
    void aTenantKeyCannotReadAnotherTenantsRequest() {
        String rid = Ids.newId();
        append(generate(rid, "acme", "gpt-4o-mini", 10, 0, 10).build());
        given().header("Authorization", GLOBEX).when().get("/v1/requests/" + rid + "/costs").then()
                .statusCode(403).body("error.type", equalTo("permission_error"));
        given().header("Authorization", ACME).when().get("/v1/requests/" + rid + "/costs").then().statusCode(200);
        given().header("Authorization", FINANCE).when().get("/v1/requests/" + rid + "/costs").then().statusCode(200);
    }

    @Test
    void anUnpricedModelIsFlaggedCountedAndRepricedWhenItsPriceArrives() {
        String model = "acme-private-" + Ids.newId().substring(0, 8);
        String rid = Ids.newId();
        double before = unpricedMetric();
        append(generate(rid, "acme", model, 2_000_000, 0, 1_000_000).build());

        given().header("Authorization", ACME).when().get("/v1/requests/" + rid + "/costs").then().statusCode(200)
                .body("stages[0].priced", equalTo(false))
                .body("stages[0].cost_usd", nullValue())
                .body("fully_priced", equalTo(false))
                .body("total_cost_usd", equalTo("0.000000000"));
        assertEquals(before + 1, unpricedMetric());

        given().header("Authorization", ACME).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"effective_from\":\"2020-01-01\",\"input_usd_per_mtok\":\"0.5\",\"output_usd_per_mtok\":\"1.5\"}")
                .when().post("/v1/prices").then().statusCode(403);
        given().header("Authorization", FINANCE).contentType("application/json")
                .body("{\"model\":\"" + model + "\",\"effective_from\":\"2020-01-01\",\"input_usd_per_mtok\":\"0.5\",\"output_usd_per_mtok\":\"1.5\"}")
                .when().post("/v1/prices").then().statusCode(200).body("repriced_events", equalTo(1));

        // 2 Mtok x $0.5 + 1 Mtok x $1.5 = $2.5
        given().header("Authorization", ACME).when().get("/v1/requests/" + rid + "/costs").then().statusCode(200)
                .body("stages[0].priced", equalTo(true))
                .body("stages[0].cost_usd", equalTo("2.500000000"))
                .body("total_cost_usd", equalTo("2.500000000"));
    }

    @Test
    void aBadPriceIsRejectedNamingTheField() {
        given().header("Authorization", FINANCE).contentType("application/json")
                .body("{\"model\":\"m\",\"effective_from\":\"yesterday\",\"input_usd_per_mtok\":\"1\",\"output_usd_per_mtok\":\"1\"}")
                .when().post("/v1/prices").then().statusCode(400).body("error.param", equalTo("effective_from"));
        given().header("Authorization", FINANCE).contentType("application/json")
                .body("{\"model\":\"m\",\"effective_from\":\"2024-01-01\",\"input_usd_per_mtok\":\"abc\",\"output_usd_per_mtok\":\"1\"}")
                .when().post("/v1/prices").then().statusCode(400).body("error.param", equalTo("input_usd_per_mtok"));
        given().header("Authorization", FINANCE).contentType("application/json").body("{not json")
                .when().post("/v1/prices").then().statusCode(400).body("error.code", equalTo("invalid_json"));
    }

    private static double unpricedMetric() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("tollgate_ledger_unpriced_events_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
