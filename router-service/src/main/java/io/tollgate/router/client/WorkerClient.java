package io.tollgate.router.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;

/** The inference worker (gRPC client {@code worker}): embeddings for callers and for the router's classifier. */
@ApplicationScoped
public class WorkerClient {
    private static final Duration CALLER_DEADLINE = Duration.ofSeconds(10);

    private final InferenceServiceGrpc.InferenceServiceBlockingStub worker;

    public WorkerClient(@GrpcClient("worker") InferenceServiceGrpc.InferenceServiceBlockingStub worker) {
        this.worker = worker;
    }

    /** Forwards a caller's embed request with its context; the worker appends the embed cost event. */
    public EmbedResponse embed(RequestContext context, String model, List<String> inputs) {
        return call(context, model, inputs, CALLER_DEADLINE);
    }

    /** Embeds one prompt for classification under a tight deadline; throws TollgateException when it cannot. */
    public float[] embedForClassification(RequestContext context, String model, String text, Duration deadline) {
        EmbedResponse r = call(context, model, List.of(text), deadline);
        List<Float> values = r.getEmbeddings(0).getValuesList();
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private EmbedResponse call(RequestContext context, String model, List<String> inputs, Duration deadline) {
        try {
            return worker.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).embed(EmbedRequest.newBuilder()
                    .setContext(context).setModel(model == null ? "" : model).addAllInputs(inputs).build());
        } catch (StatusRuntimeException e) {
            throw TollgateException.fromGrpc(e);
        }
    }
}
