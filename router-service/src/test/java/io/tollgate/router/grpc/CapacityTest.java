package io.tollgate.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.router.ReplayProvider;

/**
 * A model's {@code max-in-flight} (the test catalogue's busy-gpt35: one call at a time, each held 1.5 s by the replay
 * provider): while its one slot is taken, a request naming it goes to its fallback and "auto" picks the best model
 * with room, saying so; once the slot is free, "auto" picks it again.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayProvider.class, restrictToAnnotatedClass = false)
class CapacityTest {
    private static final String BUSY = "busy-gpt35";
    /** A fill-in-the-blank prompt: heuristics call it commonsense, where the busy model's prior is the best. */
    private static final String BLANK = "Fill in the blank: the capital of France is ____.";

    @GrpcClient("router")
    RouterServiceGrpc.RouterServiceBlockingStub router;

    @Inject
    MeterRegistry metrics;

    @Test
    void aModelAtCapacityIsSkippedAndAutoSpillsOverToTheBestModelWithRoom() throws Exception {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        CompletableFuture<CompleteResponse> holding = CompletableFuture.supplyAsync(
                () -> router.complete(Requests.complete(BUSY, Requests.MBPP).build()));
        for (int i = 0; i < 100 && inFlight() < 1; i++) {
            Thread.sleep(10);
        }
        assertEquals(1.0, inFlight(), "the first call holds the one slot");

        CompleteResponse named = router.complete(Requests.complete(BUSY, Requests.MBPP).build());
        assertEquals("gpt-3.5-turbo-1106", named.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_FALLBACK, named.getRoute().getOutcome());

        CompleteResponse auto = router.complete(Requests.complete("auto", BLANK).setQualityTarget(1.0f).build());
        assertFalse(auto.getRoute().getModel().equals(BUSY), auto.getRoute().getModel());
        assertTrue(auto.getRoute().getReason().endsWith("; at capacity: " + BUSY + " (1 in flight)"), auto.getRoute().getReason());

        CompleteResponse first = holding.get();
        assertEquals(BUSY, first.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_ROUTED, first.getRoute().getOutcome());
        assertEquals(0.0, inFlight());
        CompleteResponse free = router.complete(Requests.complete("auto", BLANK).setQualityTarget(1.0f).build());
        assertEquals(BUSY, free.getRoute().getModel(), free.getRoute().getReason());
    }

    private double inFlight() {
        Gauge g = metrics.find("tollgate_router_in_flight").tag("model", BUSY).gauge();
        return g == null ? 0 : g.value();
    }
}
