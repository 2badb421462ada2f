package io.tollgate.cache.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.grpc.GrpcClient;
import io.tollgate.cache.config.CacheConfig;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;
import io.tollgate.contracts.worker.v1.ListModelsRequest;
import io.tollgate.contracts.worker.v1.Priority;

/**
 * Embeds through the inference worker (gRPC client {@code worker}) with the configured tight deadline, at
 * interactive priority. The worker records the embed cost event. The cache engine's breaker stops calling it
 * while it keeps failing.
 */
@ApplicationScoped
public class GrpcEmbeddingClient implements EmbeddingClient {
    private static final Logger LOG = Logger.getLogger(GrpcEmbeddingClient.class);
    private static final long WARM_UP_SECONDS = 10;
    private final InferenceServiceGrpc.InferenceServiceBlockingStub worker;
    private final CacheConfig config;

    public GrpcEmbeddingClient(@GrpcClient("worker") InferenceServiceGrpc.InferenceServiceBlockingStub worker, CacheConfig config) {
        this.worker = worker;
        this.config = config;
    }

    @Override
    public float[] embed(String requestId, String tenant, String team, String text) {
        EmbedRequest request = EmbedRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId(requestId).setTenant(tenant).setTeam(team))
                .setModel(config.embeddingModel().orElse(""))
                .addInputs(text)
                .setPriority(Priority.PRIORITY_INTERACTIVE)
                .build();
        EmbedResponse response = worker.withDeadlineAfter(config.embedDeadline().toMillis(), TimeUnit.MILLISECONDS).embed(request);
        if (response.getEmbeddingsCount() != 1) {
            throw new IllegalStateException("worker returned " + response.getEmbeddingsCount() + " embeddings for one input");
        }
        var values = response.getEmbeddings(0).getValuesList();
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * Connects the channel with the worker's free {@code ListModels}: otherwise the first lookups after start-up pay
     * the connection inside their 150 ms embedding deadline, miss, and store their entries for the exact tier only.
     */
    @Override
    public void warmUp() {
        try {
            worker.withDeadlineAfter(WARM_UP_SECONDS, TimeUnit.SECONDS).listModels(ListModelsRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            LOG.debugf("worker warm-up failed (the first lookups may miss): %s", e.toString());
        }
    }
}
