package io.tollgate.worker.grpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.common.util.concurrent.ListenableFuture;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;
import io.tollgate.contracts.worker.v1.ListModelsRequest;
import io.tollgate.contracts.worker.v1.ModelInfo;
import io.tollgate.worker.batch.DynamicBatcher;
import io.tollgate.worker.service.ModelRegistry;
import io.tollgate.worker.support.RecordedCostEvents;

@QuarkusTest
class InferenceGrpcServiceTest {
    static final String FP32 = "all-minilm-l6-v2";
    static final String INT8 = "all-minilm-l6-v2-q";

    @GrpcClient("worker")
    Channel channel;

    @Inject
    ModelRegistry registry;

    @Inject
    RecordedCostEvents costs;

    InferenceServiceGrpc.InferenceServiceBlockingStub stub() {
        return InferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static RequestContext ctx(String requestId) {
        return RequestContext.newBuilder().setRequestId(requestId).setTenant("acme").setTeam("search")
                .setApiKeyId("key-1").setBaselineModel("gpt-4o").build();
    }

    static EmbedRequest request(String requestId, String model, String... inputs) {
        return EmbedRequest.newBuilder().setContext(ctx(requestId)).setModel(model).addAllInputs(List.of(inputs)).build();
    }

    static float[] vector(EmbedResponse r, int i) {
        List<Float> values = r.getEmbeddings(i).getValuesList();
        float[] v = new float[values.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = values.get(k);
        }
        return v;
    }

    @Test
    void embedOverGrpcMatchesLangChain4jWithTheDefaultModel() {
        String[] texts = { "Hello world", "How do I reset my password?", "ok" };
        EmbedResponse r = stub().embed(request("req-match", "", texts));
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        assertEquals(FP32, r.getModel());
        assertEquals(texts.length, r.getEmbeddingsCount());
        for (int i = 0; i < texts.length; i++) {
            assertArrayEquals(reference.embed(texts[i]).content().vector(), vector(r, i), 1e-4f, texts[i]);
        }
        assertTrue(r.getInputTokens() > texts.length * 2L);
        assertTrue(r.getComputeMicros() > 0);
    }

    @Test
    void eachEmbedAppendsOneCostEventWithItsShareOfCompute() {
        EmbedResponse r = stub().embed(request("req-cost", INT8, "what does an embedding cost?"));
        List<CostEvent> events = costs.forRequest("req-cost");
        assertEquals(1, events.size());
        CostEvent e = events.get(0);
        assertEquals(Stage.STAGE_EMBED, e.getStage());
        assertEquals("worker", e.getService());
        assertEquals("self-hosted", e.getProvider());
        assertEquals(INT8, e.getModel());
        assertEquals("acme", e.getTenant());
        assertEquals("search", e.getTeam());
        assertEquals("key-1", e.getApiKeyId());
        assertEquals("gpt-4o", e.getBaselineModel());
        assertEquals(r.getInputTokens(), e.getInputTokens());
        assertEquals(r.getComputeMicros(), e.getComputeMicros());
        assertTrue(e.getComputeMicros() > 0);
        assertEquals(36, e.getEventId().length());
        assertTrue(e.getTimeUnixMicros() > 0);
    }

    @Test
    void skipCostEventAppendsNothing() {
        stub().embed(request("req-skip", INT8, "no event please").toBuilder().setSkipCostEvent(true).build());
        assertEquals(List.of(), costs.forRequest("req-skip"));
    }

    @Test
    void listModelsShowsBothBuiltInsReadyOnCpu() {
        List<ModelInfo> models = stub().listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
        assertEquals(List.of(FP32, INT8), models.stream().map(ModelInfo::getName).toList());
        for (ModelInfo m : models) {
            assertTrue(m.getReady(), m.getName());
            assertEquals(384, m.getDimensions());
            assertEquals(256, m.getMaxInputTokens());
            assertEquals("cpu", m.getExecutionProvider());
            assertEquals("embedding", m.getKind());
        }
    }

    @Test
    void overlongInputIsTruncatedToTheModelLimit() {
        EmbedResponse r = stub().embed(request("req-long", INT8, "token ".repeat(600)));
        assertEquals(256, r.getInputTokens());
        assertEquals(384, r.getEmbeddings(0).getValuesCount());
    }

    @Test
    void badInputsAreInvalidArgumentNamingTheField() {
        assertInvalid(EmbedRequest.newBuilder().setContext(ctx("bad-1")).build(), "inputs");
        assertInvalid(request("bad-2", "", "fine", "   "), "inputs[1]");
        assertInvalid(request("bad-3", "", ""), "inputs[0]");
        assertInvalid(request("bad-4", "gpt-nonexistent", "hello"), "model");
    }

    private void assertInvalid(EmbedRequest req, String field) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().embed(req));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertEquals(field, e.getTrailers().get(TollgateException.PARAM_KEY));
    }

    @Test
    void aFullQueueAnswersResourceExhausted() throws Exception {
        DynamicBatcher batcher = registry.find(INT8).orElseThrow().batcher();
        InferenceServiceGrpc.InferenceServiceFutureStub async = InferenceServiceGrpc.newFutureStub(channel);
        batcher.hold();
        try {
            // capacity is 8 texts in the test profile
            ListenableFuture<EmbedResponse> fills = async.embed(request("fill", INT8, "1", "2", "3", "4", "5", "6", "7", "8"));
            assertTrue(batcher.awaitQueued(8, Duration.ofSeconds(30)));
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub().embed(request("over", INT8, "nine")));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            batcher.release();
            assertEquals(8, fills.get(60, TimeUnit.SECONDS).getEmbeddingsCount());
        } finally {
            batcher.release();
        }
    }

    @Test
    void aRequestPastItsDeadlineIsDroppedBeforeRunning() throws Exception {
        DynamicBatcher batcher = registry.find(INT8).orElseThrow().batcher();
        stub().embed(request("warm-up", INT8, "warm up the call path"));
        long expiredBefore = batcher.expiredCount();
        long batchesBefore = batcher.batchCount();
        batcher.hold();
        try {
            ListenableFuture<EmbedResponse> late = InferenceServiceGrpc.newFutureStub(channel)
                    .withDeadlineAfter(1, TimeUnit.SECONDS).embed(request("late", INT8, "too late"));
            assertTrue(batcher.awaitQueued(1, Duration.ofSeconds(30)));
            // the server started its 1 s clock when the call arrived, before it was queued: by queuedBy + 1 s the
            // server-side deadline has passed too, whatever the client's clock saw (the client's fires first)
            long queuedBy = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(60, TimeUnit.SECONDS));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, assertInstanceOf(StatusRuntimeException.class, e.getCause()).getStatus().getCode());
            long serverDeadlinePassedIn = queuedBy + TimeUnit.SECONDS.toNanos(1) - System.nanoTime();
            if (serverDeadlinePassedIn > 0) {
                TimeUnit.NANOSECONDS.sleep(serverDeadlinePassedIn + TimeUnit.MILLISECONDS.toNanos(5));
            }
        } finally {
            batcher.release();
        }
        // one executor thread: the expired request is swept before the next batch is formed
        assertEquals(1, stub().embed(request("after", INT8, "next")).getEmbeddingsCount());
        assertEquals(expiredBefore + 1, batcher.expiredCount());
        assertEquals(batchesBefore + 1, batcher.batchCount(), "only the live request ran");
    }

    @Test
    void metricsCarryQueueDepthBatchSizesAndTimesPerModel() {
        stub().embed(request("req-metrics", FP32, "count me"));
        given().port(18083).get("/q/metrics").then().statusCode(200)
                .body(containsString("tollgate_worker_queue_depth{model=\"all-minilm-l6-v2\"}"))
                .body(containsString("tollgate_worker_batch_size_count{model=\"all-minilm-l6-v2\"}"))
                .body(containsString("tollgate_worker_queue_wait_seconds_count{model=\"all-minilm-l6-v2\"}"))
                .body(containsString("tollgate_worker_compute_seconds_count{model=\"all-minilm-l6-v2\"}"));
    }

    @Test
    void readinessIsUpWhenEveryModelLoaded() {
        given().port(18083).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'models' }.data.'all-minilm-l6-v2'", equalTo("ready (cpu)"));
    }
}
