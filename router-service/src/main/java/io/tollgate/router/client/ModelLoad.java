package io.tollgate.router.client;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.router.config.CatalogueEntry;

/**
 * Calls this router has open per catalogue model, against each model's {@code max-in-flight}: a model at capacity is
 * skipped (a chain moves on to the next model, "auto" picks the best model with room), so a busy self-hosted endpoint
 * spills over to other providers instead of queueing. Gauge {@code tollgate_router_in_flight{model}}, counter
 * {@code tollgate_router_capacity_skips_total{model}}.
 */
@ApplicationScoped
public class ModelLoad {
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    public ModelLoad(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** A slot on {@code model}, released once by {@link Slot#close}; empty when the model is at capacity. */
    public Optional<Slot> tryAcquire(CatalogueEntry model) {
        AtomicInteger n = counter(model);
        while (true) {
            int now = n.get();
            if (model.maxInFlight() > 0 && now >= model.maxInFlight()) {
                metrics.counter("tollgate_router_capacity_skips_total", "model", model.id()).increment();
                return Optional.empty();
            }
            if (n.compareAndSet(now, now + 1)) {
                return Optional.of(new Slot(n));
            }
        }
    }

    public boolean atCapacity(CatalogueEntry model) {
        return model.maxInFlight() > 0 && counter(model).get() >= model.maxInFlight();
    }

    public int inFlight(CatalogueEntry model) {
        return counter(model).get();
    }

    private AtomicInteger counter(CatalogueEntry model) {
        return open.computeIfAbsent(model.id(), id -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("tollgate_router_in_flight", n, AtomicInteger::get).tag("model", id).register(metrics);
            return n;
        });
    }

    /** One open call; closing it more than once releases it once (a stream may end on several paths). */
    public static final class Slot implements AutoCloseable {
        private final AtomicInteger counter;
        private final AtomicBoolean closed = new AtomicBoolean();

        Slot(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                counter.decrementAndGet();
            }
        }
    }
}
