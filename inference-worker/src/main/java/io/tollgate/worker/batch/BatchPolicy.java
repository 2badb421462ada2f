package io.tollgate.worker.batch;

import java.time.Duration;
import java.util.List;

/**
 * A model's dynamic batcher settings (Triton's names): at most {@code maxBatchSize} texts per ORT run; a batch of a
 * preferred size is formed at once when that many texts wait; otherwise the oldest waiting text waits at most
 * {@code maxQueueDelay} for the batch to fill; at most {@code queueCapacity} texts wait.
 */
public record BatchPolicy(int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay, int queueCapacity) {

    public BatchPolicy {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max-batch-size must be >= 1, was " + maxBatchSize);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue-capacity must be >= 1, was " + queueCapacity);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("max-queue-delay must not be negative, was " + maxQueueDelay);
        }
        for (int p : preferredBatchSizes) {
            if (p < 1 || p > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + p + " must be in 1.." + maxBatchSize);
            }
        }
        // largest first: the batcher takes the largest preferred size the queue can fill
        preferredBatchSizes = preferredBatchSizes.stream().distinct().sorted((a, b) -> b - a).toList();
    }

    /** Every text runs alone, at once: batching off. */
    public static BatchPolicy unbatched(int queueCapacity) {
        return new BatchPolicy(1, List.of(), Duration.ZERO, queueCapacity);
    }
}
