package io.tollgate.gateway.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.ListModelsRequest;
import io.tollgate.contracts.router.v1.MutinyRouterServiceGrpc;
import io.tollgate.contracts.router.v1.RouterEmbedRequest;
import io.tollgate.contracts.router.v1.RouterEmbedResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.contracts.router.v1.Vector;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.mapping.ProtoMapper;
import io.tollgate.gateway.service.CallContext;
import io.tollgate.gateway.service.CatalogModel;
import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.Embeddings;
import io.tollgate.gateway.service.RequestTrace;
import io.tollgate.gateway.service.Routed;

/**
 * The router service over the one reused channel of client {@code router}. Blocking stubs for callers on virtual
 * threads, and a Mutiny stub for the whole-answer miss that runs on the event loop
 * (docs/design/001-gateway-threading.md). Every failure leaves as a TollgateException mapped from the gRPC status and
 * trailers ({@link TollgateException#fromGrpc}). Of a completion's time only what the router reports as
 * provider time is recorded on the trace as upstream (not Tollgate's overhead); of a stream, the same for the wait for
 * its first chunk, and the whole wait on the router after it.
 */
@ApplicationScoped
public class RouterClient {
    private final RouterServiceGrpc.RouterServiceBlockingStub stub;
    private final MutinyRouterServiceGrpc.MutinyRouterServiceStub async;
    private final long completeMillis;
    private final long metadataMillis;

    public RouterClient(@GrpcClient("router") RouterServiceGrpc.RouterServiceBlockingStub stub,
            @GrpcClient("router") MutinyRouterServiceGrpc.MutinyRouterServiceStub async, GatewayConfig config) {
        this.stub = stub;
        this.async = async;
        this.completeMillis = config.router().timeout().toMillis();
        this.metadataMillis = config.router().metadataTimeout().toMillis();
    }

    public Routed complete(CallContext ctx, ChatRequest request, RequestTrace trace) {
        long start = System.nanoTime();
        try {
            return routed(stub.withDeadlineAfter(completeMillis, TimeUnit.MILLISECONDS).complete(completeRequest(ctx, request)),
                    start, trace);
        } catch (StatusRuntimeException e) {
            throw failed(e, start, trace);
        }
    }

    /**
     * The same without blocking. Subscribed on an event loop, the answer (or the failure, mapped as {@link #complete}
     * maps it) is emitted back on that event loop (Quarkus's gRPC client interceptor), so the caller can write the reply.
     */
    public Uni<Routed> completeAsync(CallContext ctx, ChatRequest request, RequestTrace trace) {
        long start = System.nanoTime();
        // (onItemOrFailure().transform would wrap an exception thrown for a failure in a CompositeException)
        return async.withDeadlineAfter(completeMillis, TimeUnit.MILLISECONDS).complete(completeRequest(ctx, request))
                .onFailure(StatusRuntimeException.class).transform(e -> failed((StatusRuntimeException) e, start, trace))
                .map(response -> routed(response, start, trace));
    }

    private static Routed routed(CompleteResponse response, long start, RequestTrace trace) {
        // only the providers' time is not ours: routing, classifying and the hop count as overhead
        trace.addUpstream(Math.min(System.nanoTime() - start, response.getProviderMicros() * 1_000));
        return new Routed(ProtoMapper.completion(response.getCompletion()), ProtoMapper.route(response.getRoute()));
    }

    private static TollgateException failed(StatusRuntimeException e, long start, RequestTrace trace) {
        // a failed call reports no provider time: all of it was spent waiting on the router and its providers
        trace.addUpstream(System.nanoTime() - start);
        return failure(e);
    }

    /**
     * Opens the stream. The caller must {@link ChunkStream#close()} it: closing before the end cancels the call, so a
     * client that hangs up stops the generation upstream.
     */
    public ChunkStream completeStream(CallContext ctx, ChatRequest request, RequestTrace trace) {
        Context.CancellableContext cancellable = Context.current().withCancellation();
        try {
            Iterator<CompleteChunk> chunks = cancellable.call(() ->
                    stub.withDeadlineAfter(completeMillis, TimeUnit.MILLISECONDS).completeStream(completeRequest(ctx, request)));
            return new ChunkStream(chunks, cancellable, trace);
        } catch (Exception e) {
            cancellable.cancel(e);
            throw e instanceof StatusRuntimeException sre ? failure(sre) : new IllegalStateException(e);
        }
    }

    public Embeddings embed(CallContext ctx, String model, List<String> inputs) {
        try {
            RouterEmbedResponse response = stub.withDeadlineAfter(metadataMillis, TimeUnit.MILLISECONDS).embed(
                    RouterEmbedRequest.newBuilder().setContext(ProtoMapper.context(ctx)).setModel(model).addAllInputs(inputs).build());
            List<float[]> vectors = new ArrayList<>(response.getEmbeddingsCount());
            for (Vector v : response.getEmbeddingsList()) {
                float[] values = new float[v.getValuesCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = v.getValues(i);
                }
                vectors.add(values);
            }
            return new Embeddings(response.getModel(), vectors, response.getInputTokens());
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    public List<CatalogModel> listModels() {
        try {
            return stub.withDeadlineAfter(metadataMillis, TimeUnit.MILLISECONDS).listModels(ListModelsRequest.getDefaultInstance())
                    .getModelsList().stream()
                    .map(m -> new CatalogModel(m.getId(), m.getProvider(), m.getKind(), m.getOwnedBy()))
                    .toList();
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * A router that answered with a Tollgate error (its trailers name the kind) is passed through as is; a transport
     * failure (connection refused, deadline) gets a message saying which hop failed.
     */
    static TollgateException failure(StatusRuntimeException e) {
        TollgateException mapped = TollgateException.fromGrpc(e);
        boolean fromRouter = e.getTrailers() != null && e.getTrailers().get(TollgateException.CODE_KEY) != null;
        boolean transport = mapped.kind() == ErrorKind.UPSTREAM_UNAVAILABLE || mapped.kind() == ErrorKind.TIMEOUT;
        if (fromRouter || !transport) {
            return mapped;
        }
        return new TollgateException(mapped.kind(), "The model router did not answer: " + mapped.getMessage() + ".",
                mapped.param(), e);
    }

    private static CompleteRequest completeRequest(CallContext ctx, ChatRequest request) {
        return CompleteRequest.newBuilder().setContext(ProtoMapper.context(ctx)).setRequest(request).build();
    }

    /**
     * A live stream of chunks. Not thread-safe: one consumer, the request's thread. The wait on the router is upstream
     * time on the trace, except that of the wait for the first chunk only what the router reports as the providers'
     * time to the first token counts (routing, classifying and the hop are Tollgate's overhead, as for a whole answer).
     */
    public static final class ChunkStream implements Iterator<Chunk>, AutoCloseable {
        private final Iterator<CompleteChunk> chunks;
        private final Context.CancellableContext cancellable;
        private final RequestTrace trace;
        /** The wait for the first chunk, held until that chunk tells the providers' share of it; -1 once accounted. */
        private long firstWaitNanos;

        ChunkStream(Iterator<CompleteChunk> chunks, Context.CancellableContext cancellable, RequestTrace trace) {
            this.chunks = chunks;
            this.cancellable = cancellable;
            this.trace = trace;
        }

        @Override
        public boolean hasNext() {
            long start = System.nanoTime();
            boolean more = false;
            try {
                more = chunks.hasNext();
                return more;
            } catch (StatusRuntimeException e) {
                throw failure(e);
            } finally {
                long waited = System.nanoTime() - start;
                if (firstWaitNanos < 0) {
                    trace.addUpstream(waited);
                } else {
                    firstWaitNanos += waited;
                    if (!more) { // no first chunk will come: the whole wait was the router's and its providers'
                        trace.addUpstream(firstWaitNanos);
                        firstWaitNanos = -1;
                    }
                }
            }
        }

        @Override
        public Chunk next() {
            CompleteChunk c = chunks.next();
            if (firstWaitNanos >= 0) {
                long provider = c.getProviderMicros() * 1_000;
                trace.addUpstream(provider > 0 ? Math.min(firstWaitNanos, provider) : firstWaitNanos);
                firstWaitNanos = -1;
            }
            return ProtoMapper.chunk(c);
        }

        /** Cancels the call if it is still running; harmless after the end. */
        @Override
        public void close() {
            cancellable.cancel(null);
        }
    }
}
