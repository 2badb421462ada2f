package io.tollgate.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.replay.store.RecordedPrompts;
import io.tollgate.router.ReplayProvider;

/**
 * The cascade and the shadow quality check through the real router and the real replay provider, on RouterBench
 * prompts whose recorded answers of the test pair (mistral-7b, gpt-3.5; application.properties' %test settings)
 * agree, disagree, or are too long to compare. Tenant "cascading" cascades, "shadowed" samples every answer.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayProvider.class, restrictToAnnotatedClass = false)
class CascadeAndShadowTest {
    private static final String CHEAP = "mistralai/mistral-7b-chat";
    private static final String CHECK = "gpt-3.5-turbo-1106";
    private static final Path DATASETS = Path.of("../../shared/datasets");

    @GrpcClient("router")
    RouterServiceGrpc.RouterServiceBlockingStub router;

    @Inject
    MeterRegistry metrics;

    @Test
    void agreeingCheapAnswersAreServedAndTheCheckIsChargedWithoutBaseline() throws Exception {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        String prompt = RecordedPrompts.first(DATASETS, CHEAP, CHECK, (a, b) -> a.length() == 1 && a.equals(b));
        double generated = Metrics.generateEvents(metrics);
        double checks = verifyEvents("cascade-check");
        CompleteResponse r = router.complete(Requests.complete("auto", prompt, "cascading").setQualityTarget(0.95f).build());
        assertEquals(CHEAP, r.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_ROUTED, r.getRoute().getOutcome());
        assertTrue(r.getRoute().getReason().startsWith("cascade: " + CHEAP + " and " + CHECK + " agree (choice:"),
                r.getRoute().getReason());
        assertEquals(1, r.getCompletion().getContent().strip().length(), r.getCompletion().getContent());
        assertTrue(r.getProviderMicros() > 0, "the wait for the pair is provider time, not Tollgate's overhead");
        assertEquals(generated + 1, Metrics.generateEvents(metrics));
        assertEquals(checks + 1, verifyEvents("cascade-check"));
    }

    @Test
    void disagreeingCheapAnswersEscalateAndBothChecksAreCharged() throws Exception {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        String prompt = RecordedPrompts.first(DATASETS, CHEAP, CHECK, (a, b) -> a.length() == 1 && b.length() == 1 && !a.equals(b));
        double escalated = Metrics.sum(metrics, "tollgate_router_generate_events_total", "outcome", "OUTCOME_ESCALATED");
        double checks = verifyEvents("cascade-check");
        CompleteResponse r = router.complete(Requests.complete("auto", prompt, "cascading").setQualityTarget(0.1f).build());
        assertEquals("gpt-4-1106-preview", r.getRoute().getModel());
        assertEquals(Outcome.OUTCOME_ESCALATED, r.getRoute().getOutcome());
        assertTrue(r.getRoute().getReason().contains("disagree -> escalated to gpt-4-1106-preview"), r.getRoute().getReason());
        assertEquals(escalated + 1, Metrics.sum(metrics, "tollgate_router_generate_events_total", "outcome", "OUTCOME_ESCALATED"));
        assertEquals(checks + 2, verifyEvents("cascade-check"));
    }

    @Test
    void longAnswersCannotBeCheckedSoTheRoutersOwnChoiceAnswersReusingAPaidAnswer() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        double generated = Metrics.generateEvents(metrics);
        double checks = verifyEvents("cascade-check");
        // target 0.1 values cost highly: the router's own choice is the cheapest model, which the cascade already asked
        CompleteResponse r = router.complete(Requests.complete("auto", Requests.MBPP, "cascading").setQualityTarget(0.1f).build());
        assertEquals(CHEAP, r.getRoute().getModel());
        assertTrue(r.getRoute().getReason().endsWith("; cascade: answers too long to compare"), r.getRoute().getReason());
        assertEquals(generated + 1, Metrics.generateEvents(metrics));
        assertEquals(checks + 1, verifyEvents("cascade-check"), "only the answer not served is a check");
    }

    @Test
    void otherTenantsAndNamedModelsSkipTheCascade() throws Exception {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        String prompt = RecordedPrompts.first(DATASETS, CHEAP, CHECK, (a, b) -> a.length() == 1 && a.equals(b));
        double checks = verifyEvents("cascade-check");
        CompleteResponse plain = router.complete(Requests.complete("auto", prompt).setQualityTarget(0.1f).build());
        CompleteResponse named = router.complete(Requests.complete(CHECK, prompt, "cascading").build());
        assertTrue(!plain.getRoute().getReason().contains("cascade"), plain.getRoute().getReason());
        assertEquals(CHECK, named.getRoute().getModel());
        assertEquals(checks, verifyEvents("cascade-check"));
    }

    @Test
    void aStreamTakesTheRoutersOwnRouteAndSaysTheCascadeWasSkipped() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        double checks = verifyEvents("cascade-check");
        List<CompleteChunk> chunks = new ArrayList<>();
        router.completeStream(Requests.complete("auto", Requests.MBPP, "cascading").setQualityTarget(0.1f).build())
                .forEachRemaining(chunks::add);
        assertTrue(chunks.get(0).getRoute().getReason().endsWith("; cascade: skipped for a stream"),
                chunks.get(0).getRoute().getReason());
        assertEquals("stop", chunks.get(chunks.size() - 1).getFinishReason());
        assertEquals(checks, verifyEvents("cascade-check"));
    }

    @Test
    void aSampledCheapAnswerIsComparedWithThePremiumOneInTheBackground() throws Exception {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        String prompt = RecordedPrompts.first(DATASETS, CHEAP, "gpt-4-1106-preview", (a, b) -> a.length() == 1 && !a.equals(b));
        long before = shadowCount(CHEAP);
        double shadows = verifyEvents("shadow");
        CompleteResponse r = router.complete(Requests.complete("auto", prompt, "shadowed").setQualityTarget(0.1f).build());
        assertEquals(CHEAP, r.getRoute().getModel());
        for (int i = 0; i < 100 && shadowCount(CHEAP) == before; i++) {
            Thread.sleep(50);
        }
        DistributionSummary loss = metrics.find("tollgate_router_shadow_quality_loss").tag("model", CHEAP).summary();
        assertEquals(before + 1, loss.count());
        // the recorded answers differ (a different letter): the whole answer counts as lost
        assertEquals(1.0, loss.max(), 1e-9);
        assertEquals(shadows + 1, verifyEvents("shadow"));
        // an answer of the shadow model itself is never shadowed
        router.complete(Requests.complete("auto", prompt, "shadowed").setQualityTarget(1.0f).build());
        Thread.sleep(300);
        assertEquals(before + 1, shadowCount(CHEAP));
    }

    private long shadowCount(String model) {
        DistributionSummary s = metrics.find("tollgate_router_shadow_quality_loss").tag("model", model).summary();
        return s == null ? 0 : s.count();
    }

    private double verifyEvents(String role) {
        return Metrics.sum(metrics, "tollgate_router_verify_events_total", "role", role);
    }
}
