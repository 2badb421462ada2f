package io.tollgate.gateway.service;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Time comes from the caller (nanoTime), so tests
 * drive it without sleeping. Thread-safe: one short critical section per request (no pinning on JDK 24+).
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate limit needs requests-per-second > 0 and burst >= 1, got "
                    + perSecond + " and " + burst);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.capacity = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token; returns 0 when granted, else the nanoseconds until a token will be there. */
    public synchronized long tryAcquire(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }
}
