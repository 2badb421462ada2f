package io.tollgate.ledger.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.config.LedgerConfig;
import io.tollgate.ledger.store.FinanceStore;
import io.tollgate.ledger.store.FinanceStore.SpendRow;

/**
 * Spend, savings and top-N over the rollups. Savings = baseline - cost, split by lever: cache (retrieve events with
 * exact or semantic hits), routing (generate events answered by the routed, cheaper model), batching (what the
 * workers' compute would have cost run unbatched, less what it cost). What no lever explains (the cost of embedding
 * and looking up requests that then missed) is {@code overheadNanos}, so that the levers and it add up to the saving.
 */
@ApplicationScoped
public class FinanceService {
    /** Default range when a query names none: the last 30 days. */
    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final FinanceStore store;
    private final LedgerConfig config;

    FinanceService(FinanceStore store, LedgerConfig config) {
        this.store = store;
        this.config = config;
    }

    public record Range(Instant from, Instant to) {
    }

    public record Savings(long costNanos, long baselineCostNanos, long cacheNanos, long routingNanos, long batchingNanos) {
        /** baseline - cost - the levers: negative when Tollgate's own stages cost more than the levers explain. */
        public long overheadNanos() {
            return baselineCostNanos - costNanos - cacheNanos - routingNanos - batchingNanos;
        }
    }

    public static Range range(Optional<String> from, Optional<String> to) {
        Instant end = to.map(t -> parse("to", t)).orElse(Instant.now());
        Instant start = from.map(f -> parse("from", f)).orElse(end.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw TollgateException.invalid("from", "from must be before to");
        }
        return new Range(start, end);
    }

    public List<SpendRow> spend(Range r, Optional<String> tenant, List<String> groupBy, Optional<String> bucket) {
        for (String g : groupBy) {
            if (!FinanceStore.DIMENSIONS.contains(g)) {
                throw TollgateException.invalid("group_by", "cannot group by '" + g + "'; use any of " + FinanceStore.DIMENSIONS);
            }
        }
        if (bucket.isPresent() && !FinanceStore.BUCKETS.contains(bucket.get())) {
            throw TollgateException.invalid("bucket", "bucket must be hour, day or month");
        }
        return store.spend(r.from(), r.to(), tenant, List.copyOf(groupBy), bucket, null);
    }

    public Savings savings(Range r, Optional<String> tenant) {
        long cost = 0;
        long baseline = 0;
        long cache = 0;
        long routing = 0;
        long batching = 0;
        for (SpendRow row : store.spend(r.from(), r.to(), tenant, List.of("stage", "outcome"), Optional.empty(), null)) {
            cost += row.costNanos();
            baseline += row.baselineCostNanos();
            batching += row.batchingSavedNanos();
            long saved = row.baselineCostNanos() - row.costNanos();
            String stage = row.dims().get("stage");
            String outcome = row.dims().get("outcome");
            if (stage.equals("retrieve") && (outcome.equals("exact_hit") || outcome.equals("semantic_hit"))) {
                cache += saved;
            } else if (stage.equals("generate") && (outcome.equals("routed") || outcome.equals("escalated"))
                    || stage.equals("verify")) {
                // the router's lever, net of what its quality checks cost (a cascade's checks, shadow calls)
                routing += saved;
            }
        }
        return new Savings(cost, baseline, cache, routing, batching);
    }

    /** Top-N by cost of one dimension (team, model, tenant, ...). */
    public List<SpendRow> top(Range r, Optional<String> tenant, String by, int n) {
        if (!FinanceStore.DIMENSIONS.contains(by)) {
            throw TollgateException.invalid("by", "top by must be request or one of " + FinanceStore.DIMENSIONS);
        }
        return store.spend(r.from(), r.to(), tenant, List.of(by), Optional.empty(), Integer.toString(limit(n)));
    }

    public List<FinanceStore.RequestTotal> topRequests(Range r, Optional<String> tenant, int n) {
        return store.topRequests(r.from(), r.to(), tenant, limit(n));
    }

    private int limit(int n) {
        if (n < 1 || n > config.maxTop()) {
            throw TollgateException.invalid("n", "n must be between 1 and " + config.maxTop());
        }
        return n;
    }

    private static Instant parse(String field, String v) {
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw TollgateException.invalid(field, field + " must be an ISO-8601 instant, e.g. 2026-08-01T00:00:00Z");
        }
    }
}
