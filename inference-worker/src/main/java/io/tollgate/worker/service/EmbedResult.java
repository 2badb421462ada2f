package io.tollgate.worker.service;

/** The answer to an {@link EmbedCommand}: one vector per input, in order, and what it used. */
public record EmbedResult(String model, float[][] vectors, long inputTokens, long computeMicros, long queueMicros, int batchSize) {
}
