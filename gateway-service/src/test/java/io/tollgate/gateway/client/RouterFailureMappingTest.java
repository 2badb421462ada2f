package io.tollgate.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.grpc.Metadata;
import io.grpc.Status;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.mapping.HttpError;

/** What the router's gRPC failures become at the gateway's HTTP edge. */
class RouterFailureMappingTest {

    @Test
    void unknownModelFromTheRouterIs404ModelNotFoundNamingTheParam() {
        var fromRouter = new TollgateException(ErrorKind.MODEL_NOT_FOUND, "The model 'gpt-9' does not exist", "model").toGrpc();
        HttpError error = HttpError.of(RouterClient.failure(fromRouter));
        assertEquals(404, error.status());
        assertEquals("model_not_found", error.code());
        assertEquals("model", error.param());
        assertEquals("The model 'gpt-9' does not exist", error.message());
    }

    @Test
    void transportFailuresSayWhichHopFailed() {
        HttpError down = HttpError.of(RouterClient.failure(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
        HttpError slow = HttpError.of(RouterClient.failure(Status.DEADLINE_EXCEEDED.asRuntimeException(new Metadata())));
        assertEquals(502, down.status());
        assertTrue(down.message().startsWith("The model router did not answer"));
        assertEquals(504, slow.status());
        assertEquals("timeout", slow.code());
    }

    @Test
    void overloadedRouterIs503() {
        assertEquals(503, HttpError.of(RouterClient.failure(Status.RESOURCE_EXHAUSTED.asRuntimeException())).status());
    }
}
