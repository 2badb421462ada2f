package io.tollgate.router.grpc;

import org.jboss.logging.MDC;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.common.error.GrpcExceptionMapper;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.ListModelsRequest;
import io.tollgate.contracts.router.v1.ListModelsResponse;
import io.tollgate.contracts.router.v1.RouterEmbedRequest;
import io.tollgate.contracts.router.v1.RouterEmbedResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.contracts.router.v1.Vector;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.router.client.ProviderClock;
import io.tollgate.router.mapping.ProtoMapper;
import io.tollgate.router.service.EmbeddingService;
import io.tollgate.router.service.Routed;
import io.tollgate.router.service.RoutingService;
import io.tollgate.router.service.StreamListener;
import io.tollgate.router.config.ModelCatalogue;

/** gRPC edge of the router: puts the request id in the MDC, maps wire types, delegates, maps errors with toGrpc(). */
@GrpcService
public class RouterGrpcService extends RouterServiceGrpc.RouterServiceImplBase {
    private final RoutingService routing;
    private final EmbeddingService embeddings;
    private final ModelCatalogue catalogue;

    public RouterGrpcService(RoutingService routing, EmbeddingService embeddings, ModelCatalogue catalogue) {
        this.routing = routing;
        this.embeddings = embeddings;
        this.catalogue = catalogue;
    }

    @Override
    @Blocking
    public void complete(CompleteRequest request, StreamObserver<CompleteResponse> out) {
        MDC.put("requestId", request.getContext().getRequestId());
        ProviderClock.reset();
        try {
            RoutingService.Completed c = routing.complete(ProtoMapper.caller(request.getContext()),
                    ProtoMapper.call(request), ProtoMapper.qualityTarget(request));
            out.onNext(CompleteResponse.newBuilder().setCompletion(ProtoMapper.completion(c.answer()))
                    .setRoute(ProtoMapper.decision(c.routed())).setProviderMicros(ProviderClock.nanos() / 1_000).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }

    @Override
    @Blocking
    public void completeStream(CompleteRequest request, StreamObserver<CompleteChunk> out) {
        MDC.put("requestId", request.getContext().getRequestId());
        ServerCallStreamObserver<CompleteChunk> observer = (ServerCallStreamObserver<CompleteChunk>) out;
        try {
            routing.stream(ProtoMapper.caller(request.getContext()), ProtoMapper.call(request),
                    ProtoMapper.qualityTarget(request), new ChunkWriter(observer));
        } catch (RuntimeException e) {
            out.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }

    @Override
    @Blocking
    public void embed(RouterEmbedRequest request, StreamObserver<RouterEmbedResponse> out) {
        MDC.put("requestId", request.getContext().getRequestId());
        try {
            EmbedResponse r = embeddings.embed(request.getContext(), request.getModel(), request.getInputsList());
            RouterEmbedResponse.Builder b = RouterEmbedResponse.newBuilder().setModel(r.getModel())
                    .setInputTokens(r.getInputTokens());
            r.getEmbeddingsList().forEach(e -> b.addEmbeddings(Vector.newBuilder().addAllValues(e.getValuesList())));
            out.onNext(b.build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> out) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
        catalogue.all().forEach(m -> b.addModels(ProtoMapper.model(m)));
        out.onNext(b.build());
        out.onCompleted();
    }

    /**
     * Writes chunks in order. Calls come first from the request thread, then from the provider client's thread, never
     * at once (the provider client delivers events sequentially), so the observer needs no extra locking.
     */
    private static final class ChunkWriter implements StreamListener {
        private final ServerCallStreamObserver<CompleteChunk> out;
        private String completionId = "";

        ChunkWriter(ServerCallStreamObserver<CompleteChunk> out) {
            this.out = out;
        }

        @Override
        public void onRoute(Routed routed, String id, long providerNanos) {
            completionId = id;
            out.onNext(CompleteChunk.newBuilder().setRoute(ProtoMapper.decision(routed)).setCompletionId(id)
                    .setProviderMicros(providerNanos / 1_000).build());
        }

        @Override
        public void onDelta(String text) {
            if (!out.isCancelled()) {
                out.onNext(CompleteChunk.newBuilder().setDelta(text).setCompletionId(completionId).build());
            }
        }

        @Override
        public void onDone(String finishReason, long inputTokens, long outputTokens) {
            if (!out.isCancelled()) {
                out.onNext(CompleteChunk.newBuilder().setFinishReason(finishReason)
                        .setUsage(ProtoMapper.usage(inputTokens, outputTokens)).setCompletionId(completionId).build());
                out.onCompleted();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!out.isCancelled()) {
                out.onError(error instanceof TollgateException te ? te.toGrpc() : GrpcExceptionMapper.toStatus(error));
            }
        }
    }
}
