package io.tollgate.replay.service;

import io.tollgate.replay.config.ReplayConfig;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a request fails, from its headers (the caller asks for a fault) or from per-model rules in
 * config. Header faults with a count fail the first N requests of a key, then let the rest through, which is what a
 * retry or fallback test needs. Thread-safe: counters are atomic.
 */
@Singleton
public class FaultInjector {

    /** A requested fault: fail {@code count} times per key (unbounded when count is empty). */
    public record FaultRequest(Fault fault, Optional<Integer> count, String key) {
    }

    private record Rule(Fault fault, double fraction) {
    }

    private final Map<String, Rule> rules;
    private final Map<String, AtomicLong> perModelSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perKeyFailures = new ConcurrentHashMap<>();
    private final int keyCapacity;

    public FaultInjector(ReplayConfig config) {
        Map<String, Rule> parsed = new HashMap<>();
        config.faults().forEach((model, value) -> parsed.put(model, parseRule(model, value)));
        this.rules = Map.copyOf(parsed);
        this.keyCapacity = config.faultKeyCapacity();
    }

    /** The fault for this request, if any: a header request wins over a config rule. */
    public Optional<Fault> decide(Optional<FaultRequest> requested, String model, String recordingModel) {
        if (requested.isPresent()) {
            return fromHeader(requested.get());
        }
        Rule rule = rules.getOrDefault(model, rules.get(recordingModel));
        if (rule == null) {
            return Optional.empty();
        }
        long n = perModelSeen.computeIfAbsent(model, m -> new AtomicLong()).incrementAndGet();
        // Request n fails when the running count of failures floor(n * f) steps up: exactly fraction f, evenly spread.
        boolean fail = Math.floor(n * rule.fraction()) != Math.floor((n - 1) * rule.fraction());
        return fail ? Optional.of(rule.fault()) : Optional.empty();
    }

    private Optional<Fault> fromHeader(FaultRequest request) {
        if (request.count().isEmpty()) {
            return Optional.of(request.fault());
        }
        if (perKeyFailures.size() > keyCapacity) {
            perKeyFailures.clear(); // bound memory; tests use fresh keys, so losing old counters is harmless
        }
        String key = request.fault().wireName() + '\u0000' + request.key();
        long n = perKeyFailures.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        return n <= request.count().get() ? Optional.of(request.fault()) : Optional.empty();
    }

    private static Rule parseRule(String model, String value) {
        String[] parts = value.split("@", 2);
        Fault fault = Fault.parse(parts[0]).orElseThrow(() -> new IllegalStateException(
                "tollgate.replay.faults.\"" + model + "\"=" + value + " is not a fault; use 429, 500, timeout or "
                        + "stream-break, optionally with @fraction (e.g. 500@0.25)"));
        double fraction = 1.0;
        if (parts.length == 2) {
            try {
                fraction = Double.parseDouble(parts[1]);
            } catch (NumberFormatException e) {
                fraction = -1;
            }
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalStateException("tollgate.replay.faults.\"" + model + "\"=" + value
                        + ": the fraction after @ must be in (0, 1]");
            }
        }
        return new Rule(fault, fraction);
    }
}
