package io.tollgate.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.router.ReplayProvider;

/**
 * Faults injected by the real replay provider (catalogue providers that send {@code x-replay-fault} headers; see
 * src/test/resources/tollgate/router-catalogue-test.json). Every answered request is charged exactly once.
 */
@QuarkusTest
class ResilienceTest {

    @GrpcClient("router")
    RouterServiceGrpc.RouterServiceBlockingStub router;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void needsReplay() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
    }

    @Test
    void serverErrorsAreRetriedUntilTheModelAnswers() {
        double retries = Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "flaky-gpt35");
        double events = Metrics.generateEvents(metrics);
        CompleteResponse r = router.complete(Requests.complete("flaky-gpt35", Requests.MBPP).build());
        assertEquals("flaky-gpt35", r.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_ROUTED, r.getRoute().getOutcome());
        assertEquals(retries + 2, Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "flaky-gpt35"));
        assertTrue(r.getProviderMicros() > 0, "three attempts took provider time");
        assertEquals(events + 1, Metrics.generateEvents(metrics));
    }

    @Test
    void rateLimitedModelIsRetriedThenTheFallbackAnswersChargedOnce() {
        double retries = Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "limited-gpt35");
        double events = Metrics.generateEvents(metrics);
        CompleteResponse r = router.complete(Requests.complete("limited-gpt35", Requests.MBPP).build());
        assertEquals("mistralai/mistral-7b-chat", r.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_FALLBACK, r.getRoute().getOutcome());
        assertTrue(r.getRoute().getAttempted(0).startsWith("limited-gpt35"), r.getRoute().getAttemptedList().toString());
        assertTrue(Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "limited-gpt35") >= retries + 1);
        assertEquals(events + 1, Metrics.generateEvents(metrics));
        assertEquals(0, Metrics.sum(metrics, "tollgate_router_generate_events_total", "model", "limited-gpt35"));
    }

    @Test
    void timeoutIsNotRetriedAndFallsBack() {
        double retries = Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "slow-gpt35");
        double events = Metrics.generateEvents(metrics);
        CompleteResponse r = router.complete(Requests.complete("slow-gpt35", Requests.MBPP).build());
        assertEquals("mistralai/mistral-7b-chat", r.getRoute().getModel());
        assertEquals("slow-gpt35 (timeout)", r.getRoute().getAttempted(0));
        // the 5 s the slow model held us (and the fallback's answer) were the providers' time, not the router's
        assertTrue(r.getProviderMicros() >= 4_900_000, "provider micros " + r.getProviderMicros());
        assertEquals(retries, Metrics.sum(metrics, "tollgate_router_provider_retries_total", "model", "slow-gpt35"));
        assertEquals(events + 1, Metrics.generateEvents(metrics));
    }

    @Test
    void everyModelFailingIsUnavailableAndChargesNothing() {
        double events = Metrics.generateEvents(metrics);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> router.complete(Requests.complete("down-gpt35", Requests.MBPP).build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertEquals(events, Metrics.generateEvents(metrics));
    }

    @Test
    void breakerOpensSkipsTheModelAtOnceThenClosesWhenItRecovers() throws InterruptedException {
        String breaker = "router:recovering-gpt35";
        // the provider fails the first 4 calls: request 1 uses 3 (1 + 2 retries), request 2 the 4th, which opens it
        router.complete(Requests.complete("recovering-gpt35", Requests.MBPP).build());
        CompleteResponse second = router.complete(Requests.complete("recovering-gpt35", Requests.MBPP).build());
        assertEquals(Outcome.OUTCOME_FALLBACK, second.getRoute().getOutcome());
        assertEquals(CircuitBreakerState.OPEN, CircuitBreakerMaintenance.get().currentState(breaker));

        double prevented = Metrics.sum(metrics, "tollgate_router_provider_attempts_total", "model", "recovering-gpt35",
                "result", "breaker_open");
        CompleteResponse skipped = router.complete(Requests.complete("recovering-gpt35", Requests.MBPP).build());
        assertEquals("recovering-gpt35 (breaker open)", skipped.getRoute().getAttempted(0));
        assertEquals(prevented + 1, Metrics.sum(metrics, "tollgate_router_provider_attempts_total", "model",
                "recovering-gpt35", "result", "breaker_open"));

        // after the breaker delay (1 s in tests) a trial call goes through, succeeds, and closes the breaker
        CompleteResponse recovered = null;
        for (int i = 0; i < 40 && recovered == null; i++) {
            Thread.sleep(250);
            CompleteResponse r = router.complete(Requests.complete("recovering-gpt35", Requests.MBPP).build());
            if (r.getRoute().getOutcome() == Outcome.OUTCOME_ROUTED) {
                recovered = r;
            }
        }
        assertNotNull(recovered, "the breaker never let a trial call through");
        assertEquals(CircuitBreakerState.CLOSED, CircuitBreakerMaintenance.get().currentState(breaker));
    }

    @Test
    void brokenStreamEndsInUnavailableAndIsChargedOnceNotTwice() {
        double events = Metrics.generateEvents(metrics);
        List<CompleteChunk> chunks = new ArrayList<>();
        Iterator<CompleteChunk> it = router.completeStream(Requests.complete("breaking-gpt4", Requests.MBPP).build());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> it.forEachRemaining(chunks::add));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertFalse(chunks.isEmpty(), "no chunk before the error: " + e.getStatus().getDescription());
        assertEquals("breaking-gpt4", chunks.get(0).getRoute().getModel());
        assertTrue(chunks.size() > 1, "deltas arrived before the break");
        assertEquals(events + 1, Metrics.generateEvents(metrics));
        assertEquals(1, Metrics.sum(metrics, "tollgate_router_generate_events_total", "model", "breaking-gpt4",
                "outcome", "OUTCOME_FAILED"));
    }

    @Test
    void streamFailingBeforeItsFirstTokenFallsBack() {
        double events = Metrics.generateEvents(metrics);
        List<CompleteChunk> chunks = new ArrayList<>();
        router.completeStream(Requests.complete("limited-gpt35", Requests.MBPP).build()).forEachRemaining(chunks::add);
        assertEquals("mistralai/mistral-7b-chat", chunks.get(0).getRoute().getModel());
        assertEquals(Outcome.OUTCOME_FALLBACK, chunks.get(0).getRoute().getOutcome());
        assertEquals("stop", chunks.get(chunks.size() - 1).getFinishReason());
        assertEquals(events + 1, Metrics.generateEvents(metrics));
    }
}
