package io.tollgate.ledger.service;

import java.util.Optional;

import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;

/**
 * Prices usage with the catalogue price in force at the event's time. Each amount is rounded once, half-even to the
 * nano (inside {@link ModelPrice}).
 *
 * <ul>
 * <li>embed: compute micros x instance-hour price (token prices for a hosted embedding model)</li>
 * <li>retrieve: lookups x per-lookup price</li>
 * <li>generate, classify, rerank: tokens x token prices (compute x instance price for a self-hosted model)</li>
 * <li>batching saved: for compute-priced work that reports its unbatched compute, that compute at the same instance
 * price minus the cost</li>
 * <li>baseline: baseline tokens at the baseline model's token prices; for generate with no baseline tokens, the
 * event's own tokens; with no baseline model, the event's own cost (no saving claimed)</li>
 * </ul>
 */
public final class Pricer {
    private final PriceCatalogue catalogue;

    public Pricer(PriceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public LedgerRow price(UsageEvent e) {
        Long cost = e.reportedCostNanos() != null ? e.reportedCostNanos() : usageCost(e);
        return new LedgerRow(e, cost, baselineCost(e, cost), batchingSaved(e, cost));
    }

    private long batchingSaved(UsageEvent e, Long cost) {
        if (cost == null || e.reportedCostNanos() != null || e.unbatchedComputeMicros() == 0) {
            return 0;
        }
        return catalogue.priceAt(e.model(), e.time())
                .filter(p -> p.instanceNanosPerHour() != null && (e.stage() == Stage.EMBED || !p.hasTokenPrices()))
                .map(p -> p.computeCostNanos(e.unbatchedComputeMicros()) - cost)
                .orElse(0L);
    }

    private Long usageCost(UsageEvent e) {
        Optional<ModelPrice> found = catalogue.priceAt(e.model(), e.time());
        if (found.isEmpty()) {
            return null;
        }
        ModelPrice p = found.get();
        return switch (e.stage()) {
            case RETRIEVE -> p.lookupCostNanos(e.lookups());
            case EMBED -> p.instanceNanosPerHour() != null ? p.computeCostNanos(e.computeMicros())
                    : p.tokenCostNanos(e.inputTokens(), e.cachedTokens(), e.outputTokens());
            case GENERATE, CLASSIFY, RERANK, VERIFY -> p.hasTokenPrices()
                    ? p.tokenCostNanos(e.inputTokens(), e.cachedTokens(), e.outputTokens())
                    : p.computeCostNanos(e.computeMicros());
        };
    }

    private Long baselineCost(UsageEvent e, Long cost) {
        long in = e.baselineInputTokens();
        long out = e.baselineOutputTokens();
        if (in == 0 && out == 0) {
            if (e.stage() != Stage.GENERATE) {
                return 0L;
            }
            in = e.inputTokens();
            out = e.outputTokens();
        }
        if (e.baselineModel().isEmpty()) {
            return e.stage() == Stage.GENERATE ? cost : Long.valueOf(0L);
        }
        long baselineIn = in;
        long baselineOut = out;
        return catalogue.priceAt(e.baselineModel(), e.time())
                .map(p -> p.tokenCostNanos(baselineIn, 0, baselineOut))
                .orElse(null);
    }
}
