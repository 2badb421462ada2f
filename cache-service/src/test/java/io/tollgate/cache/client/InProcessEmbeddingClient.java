package io.tollgate.cache.client;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * A real embedding model (all-MiniLM-L6-v2, quantised, ONNX) run in process: the tests' stand-in for the inference
 * worker, which is not running during them. Counts its calls so tests can check that a Store reuses a lookup's embedding.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class InProcessEmbeddingClient implements EmbeddingClient {
    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public float[] embed(String requestId, String tenant, String team, String text) {
        calls.incrementAndGet();
        return model.embed(text).content().vector();
    }

    public int calls() {
        return calls.get();
    }
}
