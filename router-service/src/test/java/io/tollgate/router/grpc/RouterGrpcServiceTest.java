package io.tollgate.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.ChatMessage;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.router.v1.CatalogModel;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.ListModelsRequest;
import io.tollgate.contracts.router.v1.RouterEmbedRequest;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.router.ReplayProvider;

@QuarkusTest
@QuarkusTestResource(value = ReplayProvider.class, restrictToAnnotatedClass = false)
class RouterGrpcServiceTest {

    @GrpcClient("router")
    RouterServiceGrpc.RouterServiceBlockingStub router;

    @Inject
    MeterRegistry metrics;

    @Test
    void namedModelAnswersWithProviderUsageAndOneGenerateEvent() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        double before = Metrics.generateEvents(metrics);
        CompleteResponse r = router.complete(Requests.complete("gpt-3.5-turbo-1106", Requests.MBPP).build());
        assertFalse(r.getCompletion().getContent().isBlank());
        assertEquals("gpt-3.5-turbo-1106", r.getCompletion().getModel());
        assertTrue(r.getCompletion().getUsage().getInputTokens() > 0 && r.getCompletion().getUsage().getOutputTokens() > 0);
        assertEquals(Outcome.OUTCOME_ROUTED, r.getRoute().getOutcome());
        assertEquals("replay", r.getRoute().getProvider());
        assertEquals(before + 1, Metrics.generateEvents(metrics));
    }

    @Test
    void autoPicksTheCheapestModelMeetingTheTargetAndSaysWhy() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        // the knob weighs success against cost (Choice): on a short prompt every model is cheap next to a typical
        // premium request, so the cheapest model needs a target that values cost highly
        CompleteResponse lax = router.complete(Requests.complete("auto", "Say hello to my friend.").setQualityTarget(0.1f).build());
        CompleteResponse strict = router.complete(Requests.complete("auto", "Say hello to my friend.").setQualityTarget(0.9f).build());
        assertEquals("mistralai/mistral-7b-chat", lax.getRoute().getModel());
        assertEquals("gpt-4-1106-preview", strict.getRoute().getModel());
        assertTrue(lax.getRoute().getReason().contains("target 0.10"), lax.getRoute().getReason());
        assertFalse(lax.getRoute().getIntent().isEmpty());
    }

    @Test
    void streamCarriesTheRouteFirstAndFinishReasonWithUsageLast() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        double before = Metrics.generateEvents(metrics);
        List<CompleteChunk> chunks = new ArrayList<>();
        long start = System.nanoTime();
        router.completeStream(Requests.complete("gpt-4-1106-preview", Requests.MBPP).build()).forEachRemaining(chunks::add);
        long elapsedMicros = (System.nanoTime() - start) / 1_000;
        assertTrue(chunks.size() >= 3, "route, deltas, final: " + chunks.size());
        assertEquals("gpt-4-1106-preview", chunks.get(0).getRoute().getModel());
        CompleteChunk last = chunks.get(chunks.size() - 1);
        assertEquals("stop", last.getFinishReason());
        assertTrue(last.getUsage().getOutputTokens() > 0);
        // the providers' time to the first token comes on the first chunk, within the call's own duration
        assertTrue(chunks.get(0).getProviderMicros() > 0 && chunks.get(0).getProviderMicros() <= elapsedMicros,
                chunks.get(0).getProviderMicros() + " of " + elapsedMicros);
        chunks.subList(1, chunks.size()).forEach(c -> assertEquals(0, c.getProviderMicros()));
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.getDelta()));
        assertTrue(text.length() > 0);
        assertEquals(before + 1, Metrics.generateEvents(metrics));
    }

    @Test
    void unknownModelIsModelNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> router.complete(Requests.complete("gpt-17", Requests.MBPP).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertEquals("MODEL_NOT_FOUND", e.getTrailers().get(TollgateException.CODE_KEY));
        assertEquals("model", e.getTrailers().get(TollgateException.PARAM_KEY));
    }

    @Test
    void noMessagesOrEmptyContentIsInvalidArgumentNamingTheField() {
        CompleteRequest none = Requests.complete("auto", "x").setRequest(ChatRequest.newBuilder()).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> router.complete(none));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("messages", e.getTrailers().get(TollgateException.PARAM_KEY));

        CompleteRequest empty = Requests.complete("gpt-3.5-turbo-1106", "x").setRequest(ChatRequest.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole("user").setContent(" "))).build();
        StatusRuntimeException e2 = assertThrows(StatusRuntimeException.class,
                () -> router.completeStream(empty).forEachRemaining(c -> { }));
        assertEquals(Status.Code.INVALID_ARGUMENT, e2.getStatus().getCode());
        assertEquals("messages[0].content", e2.getTrailers().get(TollgateException.PARAM_KEY));
    }

    @Test
    void qualityTargetOutsideZeroToOneIsInvalid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> router.complete(Requests.complete("auto", "hi").setQualityTarget(1.5f).build()));
        assertEquals("quality_target", e.getTrailers().get(TollgateException.PARAM_KEY));
    }

    @Test
    void listModelsListsTheCatalogue() {
        List<CatalogModel> models = router.listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
        assertTrue(models.stream().anyMatch(m -> m.getId().equals("gpt-4-1106-preview") && m.getKind().equals("chat")
                && m.getContextWindow() == 128000));
        assertTrue(models.stream().anyMatch(m -> m.getId().equals("all-minilm-l6-v2") && m.getKind().equals("embedding")));
    }

    @Test
    void embedValidatesThenForwardsToTheWorker() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> router.embed(
                RouterEmbedRequest.newBuilder().setContext(Requests.context()).setModel("nope").addInputs("a").build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException chat = assertThrows(StatusRuntimeException.class, () -> router.embed(RouterEmbedRequest
                .newBuilder().setContext(Requests.context()).setModel("gpt-4-1106-preview").addInputs("a").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, chat.getStatus().getCode());
        // the worker is not running in this test: a valid request reaches it and fails as unavailable
        StatusRuntimeException down = assertThrows(StatusRuntimeException.class, () -> router.embed(RouterEmbedRequest
                .newBuilder().setContext(Requests.context()).setModel("all-minilm-l6-v2").addInputs("a").build()));
        assertNotEquals(Status.Code.INVALID_ARGUMENT, down.getStatus().getCode());
        assertNotEquals(Status.Code.NOT_FOUND, down.getStatus().getCode());
    }
}
