package io.tollgate.worker.service;

import io.tollgate.worker.batch.DynamicBatcher;
import io.tollgate.worker.runtime.ModelSpec;
import io.tollgate.worker.runtime.OnnxEmbedder;

/**
 * A declared model: loaded (embedder and batcher set) or not (error set). A model that failed to load stays listed so
 * that ListModels and the readiness check can say why.
 */
public record ServedModel(String name, ModelSpec spec, OnnxEmbedder embedder, DynamicBatcher batcher, String error) {

    public static ServedModel failed(String name, ModelSpec spec, String error) {
        return new ServedModel(name, spec, null, null, error);
    }

    public boolean ready() {
        return error == null;
    }

    public String executionProvider() {
        return embedder == null ? "" : embedder.executionProvider();
    }
}
