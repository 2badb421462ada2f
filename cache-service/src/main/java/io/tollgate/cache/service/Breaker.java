package io.tollgate.cache.service;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Fail-open circuit breaker around one dependency (redis, embedder). A call that throws answers empty; after
 * {@code failures} consecutive failures the breaker opens and answers empty at once for {@code openFor}, then lets
 * calls through again (a success closes it). Counts go to {@code tollgate_cache_failopen_total{dependency,reason}}.
 * Thread-safe: the state is two volatile fields; a race can at worst let one extra call through.
 */
final class Breaker {
    private static final Logger LOG = Logger.getLogger(Breaker.class);

    private final String dependency;
    private final int failures;
    private final long openForNanos;
    private final Counter errors;
    private final Counter shortCircuits;
    private volatile int consecutiveFailures;
    private volatile long openUntilNanos;

    Breaker(String dependency, int failures, Duration openFor) {
        this.dependency = dependency;
        this.failures = failures;
        this.openForNanos = openFor.toNanos();
        this.errors = Metrics.counter("tollgate_cache_failopen_total", "dependency", dependency, "reason", "error");
        this.shortCircuits = Metrics.counter("tollgate_cache_failopen_total", "dependency", dependency, "reason", "breaker_open");
    }

    boolean isOpen() {
        return consecutiveFailures >= failures && System.nanoTime() < openUntilNanos;
    }

    <T> Optional<T> call(Supplier<T> call) {
        if (isOpen()) {
            shortCircuits.increment();
            return Optional.empty();
        }
        try {
            T value = call.get();
            if (consecutiveFailures >= failures) {
                LOG.infof("%s answers again; its breaker is closed", dependency);
            }
            consecutiveFailures = 0;
            return Optional.ofNullable(value);
        } catch (RuntimeException e) {
            errors.increment();
            if (++consecutiveFailures >= failures) {
                openUntilNanos = System.nanoTime() + openForNanos;
                // every opening is worth a line: lookups and stores answer misses until it closes
                LOG.warnf("%s failed %d times in a row (last: %s); answering misses for %d ms", dependency,
                        consecutiveFailures, e.toString(), openForNanos / 1_000_000);
            } else {
                LOG.debugf("%s failed, answering a miss: %s", dependency, e.toString());
            }
            return Optional.empty();
        }
    }

    boolean run(Runnable call) {
        return call(() -> {
            call.run();
            return Boolean.TRUE;
        }).isPresent();
    }
}
