package io.tollgate.worker.service;

/**
 * The answer to an {@link EmbedCommand}: one vector per input, in order, and what it used. {@code unbatchedComputeMicros}
 * is what the same texts would have used run alone (the batching lever's counterfactual).
 */
public record EmbedResult(String model, float[][] vectors, long inputTokens, long computeMicros, long unbatchedComputeMicros,
        long queueMicros, int batchSize) {
}
