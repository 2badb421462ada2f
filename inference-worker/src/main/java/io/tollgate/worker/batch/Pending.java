package io.tollgate.worker.batch;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.grpc.Deadline;
import io.tollgate.worker.runtime.Tokenized;

/**
 * One submitted request while its texts wait and run. Its texts may run in different batches on different threads,
 * so the accumulators are guarded by {@code this}.
 */
final class Pending {
    final String requestId;
    final Priority priority;
    final Deadline deadline;
    final long enqueuedNanos;
    final CompletableFuture<BatchResult> future = new CompletableFuture<>();

    private final float[][] vectors;
    private int remaining;
    private long inputTokens;
    private double computeNanos;
    private double soloNanos;
    private long queueNanos;
    private int batchSize;
    private long lastBatch;

    Pending(String requestId, Priority priority, Deadline deadline, long enqueuedNanos, List<Tokenized> texts) {
        this.requestId = requestId;
        this.priority = priority;
        this.deadline = deadline;
        this.enqueuedNanos = enqueuedNanos;
        this.vectors = new float[texts.size()][];
        this.remaining = texts.size();
    }

    boolean isDone() {
        return future.isDone();
    }

    boolean expired() {
        return deadline != null && deadline.isExpired();
    }

    synchronized void complete(int index, float[] vector, int tokens, double shareNanos, double aloneNanos, long waitedNanos,
            int size, long batch) {
        if (future.isDone()) {
            return;
        }
        vectors[index] = vector;
        inputTokens += tokens;
        computeNanos += shareNanos;
        soloNanos += aloneNanos;
        queueNanos = Math.max(queueNanos, waitedNanos);
        batchSize = Math.max(batchSize, size);
        lastBatch = Math.max(lastBatch, batch);
        if (--remaining == 0) {
            future.complete(new BatchResult(vectors, inputTokens, Math.round(computeNanos), Math.round(soloNanos), queueNanos,
                    batchSize, lastBatch));
        }
    }

    void fail(Throwable t) {
        future.completeExceptionally(t);
    }
}
