package io.tollgate.worker.batch;

/**
 * What the batcher hands back for one request, whose texts may have run in several batches.
 *
 * @param vectors      one embedding per input, in input order
 * @param inputTokens  tokens of all inputs (after truncation)
 * @param computeNanos the request's share of its batches' compute time, by token share
 * @param unbatchedNanos what its texts would have taken run one by one, alone (the batching counterfactual, from
 *                     {@link SoloCost}; equal to {@code computeNanos} where nothing is known yet)
 * @param queueNanos   the longest time one of its texts waited before its batch started
 * @param batchSize    size of the largest batch one of its texts ran in
 * @param lastBatch    sequence number of the last batch it ran in (1, 2, ... per batcher): shows run order
 */
public record BatchResult(float[][] vectors, long inputTokens, long computeNanos, long unbatchedNanos, long queueNanos, int batchSize, long lastBatch) {
}
