package io.tollgate.gateway.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tollgate.gateway.config.GatewayConfig;

/**
 * Per-key token buckets, in this process. Several gateway replicas each allow the full rate; a Redis-shared bucket
 * replaces this class when the gateway scales out.
 */
@ApplicationScoped
public class RateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, GatewayConfig.ApiKey> keysById;
    private final GatewayConfig.RateLimit defaults;
    private final LongSupplier clock;

    @Inject
    public RateLimiter(GatewayConfig config, Authenticator authenticator) {
        this(config.rateLimit(), authenticator.keysById(), System::nanoTime);
    }

    RateLimiter(GatewayConfig.RateLimit defaults, Map<String, GatewayConfig.ApiKey> keysById, LongSupplier clock) {
        this.defaults = defaults;
        this.keysById = keysById;
        this.clock = clock;
    }

    /** Takes one request from the caller's bucket or throws a 429 carrying {@code retry-after}. */
    public void acquire(Caller caller) {
        long now = clock.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(caller.keyId(), id -> newBucket(id, now));
        long waitNanos = bucket.tryAcquire(now);
        if (waitNanos > 0) {
            throw new RateLimitedException(caller.keyId(), Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
        }
    }

    private TokenBucket newBucket(String keyId, long now) {
        GatewayConfig.ApiKey key = keysById.get(keyId);
        double perSecond = key != null ? key.requestsPerSecond().orElse(defaults.requestsPerSecond()) : defaults.requestsPerSecond();
        int burst = key != null ? key.burst().orElse(defaults.burst()) : defaults.burst();
        return new TokenBucket(perSecond, burst, now);
    }
}
