package io.tollgate.ledger.service;

import java.util.List;

/**
 * One request's breakdown. Totals add up the priced stages only; {@code fullyPriced} says whether every stage was
 * priced (an unpriced stage is flagged, never counted as $0 silently).
 */
public record RequestCosts(String requestId, String tenant, List<LedgerRow> stages, long totalCostNanos,
        long totalBaselineCostNanos, boolean fullyPriced) {

    static RequestCosts of(String requestId, List<LedgerRow> rows) {
        long total = 0;
        long baseline = 0;
        boolean all = true;
        for (LedgerRow r : rows) {
            if (r.priced()) {
                total = Math.addExact(total, r.costNanos());
            } else {
                all = false;
            }
            if (r.baselinePriced()) {
                baseline = Math.addExact(baseline, r.baselineCostNanos());
            }
        }
        return new RequestCosts(requestId, rows.get(0).event().tenant(), List.copyOf(rows), total, baseline, all);
    }
}
