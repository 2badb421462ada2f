package io.tollgate.gateway.budget;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Budget held for one request: {@code estimateNanos} added to the {@code reserved} field of every use key (tenant and
 * team, day and month). Settled or released exactly once ({@link #claim}); the keys are those of the period in which
 * it was reserved, so a settle after midnight lands in the period that held the reservation.
 */
public final class Reservation {
    /** Nothing held: budgets off, no key to check, or admitted fail-open. */
    public static final Reservation NONE = new Reservation("", List.of(), List.of(), 0, 0, Double.NaN);

    private final String tenant;
    private final List<String> useKeys;
    private final List<Long> ttlSeconds;
    private final long estimateNanos;
    private final long createdNanos;
    private final double remaining;
    private final AtomicBoolean done = new AtomicBoolean();

    Reservation(String tenant, List<String> useKeys, List<Long> ttlSeconds, long estimateNanos, long createdNanos,
            double remaining) {
        this.tenant = tenant;
        this.useKeys = useKeys;
        this.ttlSeconds = ttlSeconds;
        this.estimateNanos = estimateNanos;
        this.createdNanos = createdNanos;
        this.remaining = remaining;
    }

    /** The smallest remaining share (0..1) of a limited budget after this reservation; NaN when none is limited. */
    public double remaining() {
        return remaining;
    }

    public String tenant() {
        return tenant;
    }

    List<String> useKeys() {
        return useKeys;
    }

    List<Long> ttlSeconds() {
        return ttlSeconds;
    }

    public long estimateNanos() {
        return estimateNanos;
    }

    public long createdNanosForReaper() {
        return createdNanos;
    }

    public boolean holdsBudget() {
        return !useKeys.isEmpty();
    }

    /** True for the one caller that may settle or release it. */
    public boolean claim() {
        return holdsBudget() && done.compareAndSet(false, true);
    }
}
