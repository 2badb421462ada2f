package io.tollgate.ledger.service;

/**
 * An event with its price: {@code costNanos} null means unpriced (the model has no price yet), never $0;
 * {@code baselineCostNanos} null means the baseline model has no price yet.
 */
public record LedgerRow(UsageEvent event, Long costNanos, Long baselineCostNanos) {
    public boolean priced() {
        return costNanos != null;
    }

    public boolean baselinePriced() {
        return baselineCostNanos != null;
    }
}
