package io.tollgate.worker.grpc;

import java.util.concurrent.CompletionException;

import org.jboss.logging.MDC;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.tollgate.common.error.GrpcExceptionMapper;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.contracts.worker.v1.Embedding;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;
import io.tollgate.contracts.worker.v1.ListModelsRequest;
import io.tollgate.contracts.worker.v1.ListModelsResponse;
import io.tollgate.contracts.worker.v1.ModelInfo;
import io.tollgate.worker.batch.Priority;
import io.tollgate.worker.service.Caller;
import io.tollgate.worker.service.EmbedCommand;
import io.tollgate.worker.service.EmbedResult;
import io.tollgate.worker.service.EmbeddingService;
import io.tollgate.worker.service.ModelRegistry;

/**
 * gRPC edge of the worker: maps wire messages to {@link EmbedCommand} and back, and errors through
 * {@link GrpcExceptionMapper}. Embed never blocks the calling (event-loop) thread: the answer is sent from the batch
 * executor thread when the request's texts have run.
 */
@GrpcService
public class InferenceGrpcService extends InferenceServiceGrpc.InferenceServiceImplBase {
    private final EmbeddingService embeddings;
    private final ModelRegistry registry;

    public InferenceGrpcService(EmbeddingService embeddings, ModelRegistry registry) {
        this.embeddings = embeddings;
        this.registry = registry;
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> observer) {
        RequestContext ctx = request.getContext();
        MDC.put("requestId", ctx.getRequestId());
        try {
            EmbedCommand cmd = new EmbedCommand(
                    new Caller(ctx.getRequestId(), ctx.getTenant(), ctx.getTeam(), ctx.getApiKeyId(), ctx.getBaselineModel()),
                    request.getModel(), request.getInputsList(),
                    request.getPriority() == io.tollgate.contracts.worker.v1.Priority.PRIORITY_BULK ? Priority.BULK : Priority.INTERACTIVE,
                    request.getSkipCostEvent(), DeadlineInterceptor.current());
            embeddings.embed(cmd).whenComplete((result, error) -> {
                if (error != null) {
                    observer.onError(GrpcExceptionMapper.toStatus(error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error));
                } else {
                    observer.onNext(toWire(result));
                    observer.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            observer.onError(GrpcExceptionMapper.toStatus(e));
        } finally {
            MDC.remove("requestId");
        }
    }

    private static EmbedResponse toWire(EmbedResult r) {
        EmbedResponse.Builder b = EmbedResponse.newBuilder()
                .setModel(r.model())
                .setInputTokens(r.inputTokens())
                .setComputeMicros(r.computeMicros())
                .setQueueMicros(r.queueMicros())
                .setBatchSize(r.batchSize());
        for (float[] v : r.vectors()) {
            Embedding.Builder e = Embedding.newBuilder();
            for (float f : v) {
                e.addValues(f);
            }
            b.addEmbeddings(e);
        }
        return b.build();
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder();
        registry.all().forEach(m -> {
            ModelInfo.Builder info = ModelInfo.newBuilder().setName(m.name()).setReady(m.ready())
                    .setExecutionProvider(m.executionProvider());
            if (m.spec() != null) {
                info.setKind(m.spec().kind()).setDimensions(m.spec().dimensions()).setMaxInputTokens(m.spec().maxInputTokens());
            }
            if (!m.ready()) {
                info.setError(m.error());
            }
            b.addModels(info);
        });
        observer.onNext(b.build());
        observer.onCompleted();
    }
}
