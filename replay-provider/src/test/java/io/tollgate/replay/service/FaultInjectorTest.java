package io.tollgate.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.replay.config.ReplayConfig;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void countedHeaderFaultFailsFirstNThenPasses() {
        FaultInjector injector = new FaultInjector(config(Map.of()));
        var request = Optional.of(new FaultInjector.FaultRequest(Fault.RATE_LIMIT, Optional.of(2), "k1"));
        assertEquals(Optional.of(Fault.RATE_LIMIT), injector.decide(request, "m", "m"));
        assertEquals(Optional.of(Fault.RATE_LIMIT), injector.decide(request, "m", "m"));
        assertEquals(Optional.empty(), injector.decide(request, "m", "m"));
        var otherKey = Optional.of(new FaultInjector.FaultRequest(Fault.RATE_LIMIT, Optional.of(2), "k2"));
        assertEquals(Optional.of(Fault.RATE_LIMIT), injector.decide(otherKey, "m", "m"));
    }

    @Test
    void fractionRuleFailsExactlyThatShare() {
        FaultInjector injector = new FaultInjector(config(Map.of("claude-v2", "500@0.25")));
        long failures = IntStream.range(0, 100)
                .filter(i -> injector.decide(Optional.empty(), "claude-v2", "claude-v2").isPresent()).count();
        assertEquals(25, failures);
        assertEquals(Optional.empty(), injector.decide(Optional.empty(), "gpt-4o", "gpt-4-1106-preview"));
    }

    @Test
    void badRuleFailsStartWithAHint() {
        var e = assertThrows(IllegalStateException.class, () -> new FaultInjector(config(Map.of("m", "503x"))));
        assertEquals(true, e.getMessage().contains("use 429, 500, timeout or stream-break"));
    }

    private static ReplayConfig config(Map<String, String> faults) {
        return new ReplayConfig() {
            public String datasetsDir() { return "."; }
            public double latencyScale() { return 0; }
            public OptionalLong fixedDelayMs() { return OptionalLong.empty(); }
            public long streamTickMs() { return 20; }
            public Map<String, LatencyOverride> latency() { return Map.of(); }
            public Map<String, String> aliases() { return Map.of(); }
            public Map<String, String> faults() { return faults; }
            public long timeoutFaultHoldMs() { return 1000; }
            public int retryAfterSeconds() { return 1; }
            public int faultKeyCapacity() { return 100; }
        };
    }
}
