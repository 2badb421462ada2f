package io.tollgate.router.grpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the router's counters, so tests can assert deltas (the app, and its meters, are shared by test classes). */
final class Metrics {
    private Metrics() {
    }

    static double sum(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    static double generateEvents(MeterRegistry registry) {
        return sum(registry, "tollgate_router_generate_events_total");
    }
}
