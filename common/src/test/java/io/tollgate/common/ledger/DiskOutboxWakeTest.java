package io.tollgate.common.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * The sender waiting in {@link DiskOutbox#nextBatch} is woken only by the appends it waits for (the first event, a
 * full batch, a sealed segment), not by every append; these check that each of those still wakes it. The waits it
 * would otherwise sit out are 30 s, far above the 10 s these allow.
 */
class DiskOutboxWakeTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    private static CompletableFuture<List<CostEvent>> sender(DiskOutbox outbox, int maxBatch, long maxDelayNanos) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return outbox.nextBatch(maxBatch, maxDelayNanos, LONG);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aFullBatchWakesTheSenderBeforeItsDelay(@TempDir Path dir) throws Exception {
        try (DiskOutbox outbox = new DiskOutbox(dir, 1 << 20, 1 << 20, false)) {
            CompletableFuture<List<CostEvent>> batch = sender(outbox, 3, LONG);
            Thread.sleep(100); // the sender is waiting for its first event
            for (int i = 0; i < 3; i++) {
                outbox.append(LedgerAppenderOutboxTest.event(i));
            }
            assertEquals(3, batch.get(10, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void theFirstEventStartsTheDelayAndAPartBatchGoesWhenItEnds(@TempDir Path dir) throws Exception {
        try (DiskOutbox outbox = new DiskOutbox(dir, 1 << 20, 1 << 20, false)) {
            CompletableFuture<List<CostEvent>> batch = sender(outbox, 100, TimeUnit.MILLISECONDS.toNanos(200));
            Thread.sleep(100);
            outbox.append(LedgerAppenderOutboxTest.event(1));
            outbox.append(LedgerAppenderOutboxTest.event(2));
            assertEquals(2, batch.get(10, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void aSealedSegmentWakesTheSender(@TempDir Path dir) throws Exception {
        // segments of one event each: the second append seals the first segment
        try (DiskOutbox outbox = new DiskOutbox(dir, 1 << 20, 1, false)) {
            outbox.append(LedgerAppenderOutboxTest.event(1));
            CompletableFuture<List<CostEvent>> batch = sender(outbox, 100, LONG);
            Thread.sleep(100); // waiting out its delay for the one event
            outbox.append(LedgerAppenderOutboxTest.event(2));
            assertEquals(1, batch.get(10, TimeUnit.SECONDS).size());
        }
    }
}
