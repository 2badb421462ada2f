package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tollgate.contracts.cache.v1.CacheServiceGrpc;
import io.tollgate.contracts.cache.v1.InvalidateRequest;
import io.tollgate.contracts.cache.v1.LookupRequest;
import io.tollgate.contracts.common.v1.ChatMessage;
import io.tollgate.contracts.common.v1.ChatParams;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.GetRequestCostsRequest;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;

/** Each service's gRPC contract, called over real gRPC: invalid arguments are answered INVALID_ARGUMENT. */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class GrpcContractIT {
    private static ManagedChannel router;
    private static ManagedChannel cache;
    private static ManagedChannel worker;
    private static ManagedChannel ledger;

    @BeforeAll
    static void channels(Suite suite) {
        router = channel(suite.grpcPort("router"));
        cache = channel(suite.grpcPort("cache"));
        worker = channel(suite.grpcPort("worker"));
        ledger = channel(suite.grpcPort("ledger"));
    }

    @AfterAll
    static void close() throws InterruptedException {
        for (ManagedChannel c : new ManagedChannel[] {router, cache, worker, ledger}) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static RequestContext ctx() {
        return RequestContext.newBuilder().setRequestId(java.util.UUID.randomUUID().toString())
                .setTenant("contract-tests").setTeam("qa").setApiKeyId("k1").setBaselineModel("gpt-4o").build();
    }

    private static void assertInvalid(Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    }

    @Test
    void routerRejectsARequestWithoutMessages() {
        var stub = RouterServiceGrpc.newBlockingStub(router).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertInvalid(() -> stub.complete(CompleteRequest.newBuilder().setContext(ctx())
                .setRequest(ChatRequest.newBuilder().setParams(ChatParams.newBuilder().setModel("gpt-4o-mini"))).build()));
    }

    @Test
    void cacheRejectsALookupWithoutTenant() {
        var stub = CacheServiceGrpc.newBlockingStub(cache).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertInvalid(() -> stub.lookup(LookupRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId(java.util.UUID.randomUUID().toString()))
                .setRequest(ChatRequest.newBuilder().addMessages(ChatMessage.newBuilder().setRole("user").setContent("hi"))
                        .setParams(ChatParams.newBuilder().setModel("gpt-4o-mini")))
                .build()));
        assertInvalid(() -> stub.invalidate(InvalidateRequest.newBuilder().build()));
    }

    @Test
    void workerRejectsEmptyInputs() {
        var stub = InferenceServiceGrpc.newBlockingStub(worker).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertInvalid(() -> stub.embed(EmbedRequest.newBuilder().setContext(ctx()).setModel("all-minilm-l6-v2").build()));
        assertInvalid(() -> stub.embed(EmbedRequest.newBuilder().setContext(ctx()).setModel("all-minilm-l6-v2").addInputs("").build()));
        assertInvalid(() -> stub.embed(EmbedRequest.newBuilder().setContext(ctx()).setModel("no-such-model").addInputs("x").build()));
    }

    @Test
    void ledgerRejectsAnEmptyBatchAndNamesTheFieldOfAnInvalidEvent() {
        var stub = LedgerServiceGrpc.newBlockingStub(ledger).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertInvalid(() -> stub.append(AppendRequest.newBuilder().build()));
        assertInvalid(() -> stub.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId("not an id").build()));

        String requestId = java.util.UUID.randomUUID().toString();
        CostEvent valid = CostEvent.newBuilder().setEventId(java.util.UUID.randomUUID().toString()).setRequestId(requestId)
                .setTimeUnixMicros(System.currentTimeMillis() * 1000).setTenant("contract-tests").setTeam("qa")
                .setService("router").setProvider("openai").setModel("gpt-4o-mini").setStage(Stage.STAGE_GENERATE)
                .setInputTokens(10).setOutputTokens(5).setBaselineModel("gpt-4o").build();
        CostEvent negative = valid.toBuilder().setEventId(java.util.UUID.randomUUID().toString()).setInputTokens(-1).build();
        AppendResponse r = stub.append(AppendRequest.newBuilder().addEvents(valid).addEvents(negative).build());
        assertEquals(1, r.getAccepted());
        assertEquals(1, r.getRejectedCount());
        assertEquals("input_tokens", r.getRejected(0).getField());
        // a retried batch never double counts
        AppendResponse again = stub.append(AppendRequest.newBuilder().addEvents(valid).build());
        assertEquals(0, again.getAccepted());
        assertEquals(1, again.getDuplicates());
        assertTrue(stub.getRequestCosts(GetRequestCostsRequest.newBuilder().setRequestId(requestId).build()).getStagesCount() == 1);
    }
}
