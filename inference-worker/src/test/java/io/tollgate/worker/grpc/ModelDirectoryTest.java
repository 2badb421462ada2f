package io.tollgate.worker.grpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;
import io.tollgate.contracts.worker.v1.ListModelsRequest;
import io.tollgate.contracts.worker.v1.ModelInfo;

/**
 * A model directory with one good model (a copy of the int8 MiniLM, declared with its own limits) and one whose .onnx
 * file is garbage: the worker starts, serves the good one, lists the broken one with its error and is not ready.
 */
@QuarkusTest
@TestProfile(ModelDirectoryTest.BrokenModelDir.class)
class ModelDirectoryTest {

    public static class BrokenModelDir implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("tollgate-models-");
                Path good = Files.createDirectories(dir.resolve("mini-strict"));
                copy("all-minilm-l6-v2-q.onnx", good.resolve("model.onnx"));
                copy("all-minilm-l6-v2-q-tokenizer.json", good.resolve("tokenizer.json"));
                Files.writeString(good.resolve("model.properties"), """
                        kind=embedding
                        inputs=input_ids,attention_mask,token_type_ids
                        dimensions=384
                        max-input-tokens=32
                        overflow=reject
                        max-batch-size=8
                        preferred-batch-sizes=4
                        max-queue-delay=PT0.001S
                        queue-capacity=16
                        price-class=cpu-small
                        """);
                Path broken = Files.createDirectories(dir.resolve("broken"));
                Files.writeString(broken.resolve("model.onnx"), "this is not an ONNX protobuf");
                copy("all-minilm-l6-v2-q-tokenizer.json", broken.resolve("tokenizer.json"));
                Files.writeString(broken.resolve("model.properties"), "kind=embedding\ndimensions=384\n");
                return Map.of("tollgate.worker.builtin-models", "false",
                        "tollgate.worker.model-dir", dir.toString(),
                        "tollgate.worker.default-model", "mini-strict");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void copy(String resource, Path to) throws IOException {
            try (InputStream in = BrokenModelDir.class.getClassLoader().getResourceAsStream(resource)) {
                Files.copy(in, to);
            }
        }
    }

    @GrpcClient("worker")
    Channel channel;

    InferenceServiceGrpc.InferenceServiceBlockingStub stub() {
        return InferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Test
    void aBrokenModelMakesReadinessDownWithItsReason() {
        given().port(18083).get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'models' }.data.broken", containsString("failed to load"))
                .body("checks.find { it.name == 'models' }.data.'mini-strict'", equalTo("ready (cpu)"));
        given().port(18083).get("/q/health/live").then().statusCode(200);
    }

    @Test
    void listModelsReportsTheBrokenModelsError() {
        List<ModelInfo> models = stub().listModels(ListModelsRequest.getDefaultInstance()).getModelsList();
        assertEquals(List.of("broken", "mini-strict"), models.stream().map(ModelInfo::getName).toList());
        assertFalse(models.get(0).getReady());
        assertTrue(models.get(0).getError().contains("model.onnx"), models.get(0).getError());
        assertTrue(models.get(1).getReady());
        assertEquals(32, models.get(1).getMaxInputTokens());
    }

    @Test
    void theGoodDirectoryModelServesAndTheBrokenOneIsUnavailable() {
        assertEquals(384, stub().embed(EmbedRequest.newBuilder().addInputs("hello").build()).getEmbeddings(0).getValuesCount());
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> stub().embed(EmbedRequest.newBuilder().setModel("broken").addInputs("hello").build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    void overlongInputIsRejectedWhenTheModelConfigSaysReject() {
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> stub().embed(EmbedRequest.newBuilder().addInputs("word ".repeat(100)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("inputs[0]", e.getTrailers().get(io.tollgate.common.error.TollgateException.PARAM_KEY));
    }
}
