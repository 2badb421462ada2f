package io.tollgate.common.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * Asynchronous, micro-batched appender: {@link #record} only offers to a bounded queue; one daemon thread drains it
 * and sends batches (flush at {@code maxBatch} events or after {@code maxDelay}), retrying with back-off while the
 * ledger is down. Retries are safe because the ledger de-duplicates by event id.
 *
 * <p>Threading: any thread may call {@link #record}; only the sender thread calls {@code sink}.
 */
public class LedgerAppender implements CostRecorder, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LedgerAppender.class);

    private final BlockingQueue<CostEvent> queue;
    private final Function<AppendRequest, AppendResponse> sink;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean closing;

    public LedgerAppender(Function<AppendRequest, AppendResponse> sink, int capacity, int maxBatch, Duration maxDelay) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.sender = Thread.ofPlatform().daemon().name("tollgate-ledger-appender").unstarted(this::run);
        this.sender.start();
    }

    @Override
    public void record(CostEvent event) {
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            LOG.warnf("ledger appender queue full; dropped cost event %s of request %s", event.getEventId(), event.getRequestId());
        }
    }

    public long sentCount() {
        return sent.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    public long rejectedCount() {
        return rejected.get();
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<CostEvent> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            try {
                CostEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxDelayNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    CostEvent next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                sendWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendWithRetry(List<CostEvent> batch) throws InterruptedException {
        AppendRequest request = AppendRequest.newBuilder().addAllEvents(batch).build();
        long backoffMs = 50;
        while (true) {
            try {
                AppendResponse response = sink.apply(request);
                sent.addAndGet(response.getAccepted() + response.getDuplicates());
                if (response.getRejectedCount() > 0) {
                    rejected.addAndGet(response.getRejectedCount());
                    response.getRejectedList().forEach(r -> LOG.errorf("ledger rejected cost event %s: %s (%s)",
                            r.getEventId(), r.getReason(), r.getField()));
                }
                return;
            } catch (RuntimeException e) {
                LOG.debugf(e, "ledger append failed; retrying in %d ms", backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    /** Stops accepting, flushes what is queued (bounded by {@code timeout}), and stops the sender. */
    public void close(Duration timeout) {
        closing = true;
        try {
            sender.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
