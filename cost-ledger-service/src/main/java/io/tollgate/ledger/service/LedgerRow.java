package io.tollgate.ledger.service;

/**
 * An event with its price: {@code costNanos} null means unpriced (the model has no price yet), never $0;
 * {@code baselineCostNanos} null means the baseline model has no price yet. {@code batchingSavedNanos} is what running
 * the work unbatched would have cost more (the batching lever; 0 where unknown or unpriced, negative where batching
 * cost more).
 */
public record LedgerRow(UsageEvent event, Long costNanos, Long baselineCostNanos, long batchingSavedNanos) {
    public boolean priced() {
        return costNanos != null;
    }

    public boolean baselinePriced() {
        return baselineCostNanos != null;
    }
}
