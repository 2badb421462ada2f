package io.tollgate.cache.grpc;

import java.util.function.Supplier;

import org.jboss.logging.MDC;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.cache.mapping.WireMapper;
import io.tollgate.cache.service.CacheEngine;
import io.tollgate.common.error.GrpcExceptionMapper;
import io.tollgate.contracts.cache.v1.CacheServiceGrpc;
import io.tollgate.contracts.cache.v1.FeedbackRequest;
import io.tollgate.contracts.cache.v1.FeedbackResponse;
import io.tollgate.contracts.cache.v1.InvalidateRequest;
import io.tollgate.contracts.cache.v1.InvalidateResponse;
import io.tollgate.contracts.cache.v1.LookupRequest;
import io.tollgate.contracts.cache.v1.LookupResponse;
import io.tollgate.contracts.cache.v1.StoreRequest;
import io.tollgate.contracts.cache.v1.StoreResponse;

/** The gRPC edge: puts the request id in the MDC, maps wire to domain, delegates, maps errors with toGrpc(). */
@GrpcService
public class CacheGrpcService extends CacheServiceGrpc.CacheServiceImplBase {
    private final CacheEngine engine;

    public CacheGrpcService(CacheEngine engine) {
        this.engine = engine;
    }

    @Override
    @Blocking
    public void lookup(LookupRequest request, StreamObserver<LookupResponse> out) {
        respond(request.getContext().getRequestId(), out, () -> WireMapper.lookup(engine.lookup(
                WireMapper.context(request.getContext()), WireMapper.prompt(request.getRequest()), WireMapper.policy(request.getPolicy()),
                request.getExactChecked())));
    }

    @Override
    @Blocking
    public void store(StoreRequest request, StreamObserver<StoreResponse> out) {
        respond(request.getContext().getRequestId(), out, () -> WireMapper.store(engine.store(
                WireMapper.context(request.getContext()), WireMapper.prompt(request.getRequest()),
                request.hasCompletion() ? WireMapper.completion(request.getCompletion()) : null, WireMapper.policy(request.getPolicy()))));
    }

    @Override
    @Blocking
    public void invalidate(InvalidateRequest request, StreamObserver<InvalidateResponse> out) {
        respond("", out, () -> InvalidateResponse.newBuilder()
                .setRemoved(engine.invalidate(request.getTenant(), request.getModel(), request.getTag())).build());
    }

    @Override
    @Blocking
    public void feedback(FeedbackRequest request, StreamObserver<FeedbackResponse> out) {
        respond(request.getRequestId(), out, () -> {
            CacheEngine.FeedbackResult r = engine.feedback(request.getTenant(), request.getRequestId(), request.getCorrect());
            return FeedbackResponse.newBuilder().setEntryId(r.entryId()).setSimilarity(r.similarity()).setEntryFloor(r.entryFloor())
                    .setTenantThreshold((float) r.tenantThreshold()).setObservations(r.observations())
                    .setThresholdSource(r.thresholdSource()).build();
        });
    }

    private static <T> void respond(String requestId, StreamObserver<T> out, Supplier<T> call) {
        MDC.put("requestId", requestId);
        try {
            out.onNext(call.get());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }
}
