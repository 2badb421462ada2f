package io.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static io.tollgate.ledger.LedgerTestSupport.FINANCE;
import static io.tollgate.ledger.LedgerTestSupport.embed;
import static io.tollgate.ledger.LedgerTestSupport.generate;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import io.restassured.path.json.JsonPath;
import io.tollgate.common.id.Ids;
import io.tollgate.common.money.Money;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/**
 * Events over three UTC days, read back over ranges that do and do not fall on day boundaries: the daily rollup (whole
 * days) plus the hourly one (the edges) must give exactly what the hourly rollup alone gives, replays must change
 * neither, and the batching lever must be the unbatched compute priced like the real one. Run against PostgreSQL
 * ({@link RollupTest}) and the embedded store ({@link EmbeddedRollupTest}).
 */
final class RollupScenario {
    /** all-minilm-l6-v2's instance price in the shipped catalogue (c6i.large on demand). */
    private static final BigDecimal WORKER_USD_PER_HOUR = new BigDecimal("0.085");

    private RollupScenario() {
    }

    static void run(LedgerServiceGrpc.LedgerServiceBlockingStub ledger) {
        String tenant = "t-" + Ids.newId().substring(24);
        Instant day1Late = Instant.parse("2026-03-01T22:30:00Z");
        Instant day2 = Instant.parse("2026-03-02T05:10:00Z");
        Instant day3Early = Instant.parse("2026-03-03T01:15:00Z");
        List<CostEvent> events = List.of(
                at(generate(Ids.newId(), tenant, "gpt-4o-mini", 1000, 0, 500), day1Late),
                at(generate(Ids.newId(), tenant, "gpt-4o-mini", 2000, 0, 100), day2),
                at(generate(Ids.newId(), tenant, "gpt-4o", 300, 0, 40), day3Early),
                at(embed(Ids.newId(), tenant, 1000).setUnbatchedComputeMicros(4000), day2),
                at(embed(Ids.newId(), tenant, 2500).setUnbatchedComputeMicros(2500), day3Early));
        AppendRequest batch = AppendRequest.newBuilder().addAllEvents(events).build();
        assertEquals(5, ledger.append(batch).getAccepted());
        assertEquals(5, ledger.append(batch).getDuplicates(), "a replayed batch is all duplicates");

        // gpt-4o-mini $0.15/$0.60, gpt-4o $2.50/$10 per 1M tokens; embeds at the instance price per compute second
        long day1 = tokens(1000, "0.15", 500, "0.60");
        long day2Gen = tokens(2000, "0.15", 100, "0.60");
        long day3Gen = tokens(300, "2.50", 40, "10");
        long embed1 = compute(1000);
        long embed2 = compute(2500);
        long all = day1 + day2Gen + day3Gen + embed1 + embed2;

        // day-aligned, mid-day edges, and hour grain: each must see exactly the events inside it
        assertTotal(tenant, "2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z", null, all, 5);
        assertTotal(tenant, "2026-03-01T22:00:00Z", "2026-03-03T02:00:00Z", null, all, 5);
        assertTotal(tenant, "2026-03-01T23:00:00Z", "2026-03-03T01:00:00Z", null, day2Gen + embed1, 2);
        assertTotal(tenant, "2026-03-01T22:00:00Z", "2026-03-03T02:00:00Z", "hour", all, 5);
        assertTotal(tenant, "2026-03-01T22:00:00Z", "2026-03-03T02:00:00Z", "day", all, 5);
        assertTotal(tenant, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "month", day2Gen + embed1, 2);

        // batching: the first embed ran batched (1 ms of compute that alone would have taken 4 ms); the second alone
        long batching = compute(4000) - embed1;
        JsonPath savings = given().header("Authorization", FINANCE).queryParam("tenant", tenant)
                .queryParam("from", "2026-03-01T00:00:00Z").queryParam("to", "2026-03-04T00:00:00Z")
                .when().get("/v1/finance/savings").then().statusCode(200)
                .body("savings_by_lever_usd.batching", equalTo(usd(batching)))
                .body("cost_usd", equalTo(usd(all))).extract().jsonPath();
        BigDecimal levers = new BigDecimal(savings.getString("savings_by_lever_usd.cache"))
                .add(new BigDecimal(savings.getString("savings_by_lever_usd.routing")))
                .add(new BigDecimal(savings.getString("savings_by_lever_usd.batching")))
                .add(new BigDecimal(savings.getString("unattributed_usd")));
        assertEquals(new BigDecimal(savings.getString("savings_usd")), levers, "the levers and the rest add up to the saving");
    }

    private static void assertTotal(String tenant, String from, String to, String bucket, long nanos, int events) {
        var request = given().header("Authorization", FINANCE).queryParam("tenant", tenant).queryParam("from", from)
                .queryParam("to", to);
        if (bucket != null) {
            request = request.queryParam("bucket", bucket);
        }
        JsonPath rows = request.when().get("/v1/finance/spend").then().statusCode(200).extract().jsonPath();
        List<String> costs = rows.getList("cost_usd", String.class);
        BigDecimal total = costs.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        long count = rows.getList("events", Long.class).stream().mapToLong(Long::longValue).sum();
        String what = from + " .. " + to + " by " + bucket;
        assertEquals(Money.toUsd(nanos), total, what);
        assertEquals(events, count, what);
    }

    private static CostEvent at(CostEvent.Builder b, Instant t) {
        return b.setTimeUnixMicros(t.getEpochSecond() * 1_000_000).build();
    }

    private static long tokens(long in, String inUsdPerM, long out, String outUsdPerM) {
        return nanos(new BigDecimal(inUsdPerM).multiply(BigDecimal.valueOf(in)).divide(BigDecimal.valueOf(1_000_000)))
                + nanos(new BigDecimal(outUsdPerM).multiply(BigDecimal.valueOf(out)).divide(BigDecimal.valueOf(1_000_000)));
    }

    private static long compute(long micros) {
        return nanos(WORKER_USD_PER_HOUR.multiply(BigDecimal.valueOf(micros)).divide(BigDecimal.valueOf(3_600_000_000L), 18,
                RoundingMode.HALF_EVEN));
    }

    private static long nanos(BigDecimal usd) {
        return usd.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private static String usd(long nanos) {
        return Money.toUsd(nanos).toPlainString();
    }
}
