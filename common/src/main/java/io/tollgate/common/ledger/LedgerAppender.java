package io.tollgate.common.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
 * Asynchronous, micro-batched appender. One daemon thread sends batches (flush at {@code maxBatch} events or after
 * {@code maxDelay}), retrying with back-off while the ledger is down; retries are safe because the ledger
 * de-duplicates by event id.
 *
 * <p>Two modes. With an outbox folder ({@link Builder#outbox}), {@link #record} writes the event to a
 * {@link DiskOutbox} before it returns, so events survive the process being killed and are replayed on the next start;
 * a segment is deleted only once every event in it is acknowledged. Without one, {@link #record} offers to a bounded
 * in-memory queue: events survive a ledger outage but not the process. Either way {@link #record} never blocks on the
 * ledger: when the outbox (max bytes) or the queue (capacity) is full, the event is dropped, counted and logged as an
 * error.
 *
 * <p>Threading: any thread may call {@link #record}; only the sender thread calls {@code sink}.
 */
public class LedgerAppender implements CostRecorder, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LedgerAppender.class);
    /** How long the sender waits for a first event before re-checking whether it is closing. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BlockingQueue<CostEvent> queue;
    private final DiskOutbox outbox;
    private final Function<AppendRequest, AppendResponse> sink;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean closing;

    /** Memory only: events survive a ledger outage, not the process. */
    public LedgerAppender(Function<AppendRequest, AppendResponse> sink, int capacity, int maxBatch, Duration maxDelay) {
        this(sink, capacity, maxBatch, maxDelay, null);
    }

    private LedgerAppender(Function<AppendRequest, AppendResponse> sink, int capacity, int maxBatch, Duration maxDelay,
            DiskOutbox outbox) {
        this.sink = sink;
        this.outbox = outbox;
        this.queue = outbox == null ? new ArrayBlockingQueue<>(capacity) : null;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.sender = Thread.ofPlatform().daemon().name("tollgate-ledger-appender").unstarted(this::run);
        this.sender.start();
    }

    public static Builder builder(Function<AppendRequest, AppendResponse> sink) {
        return new Builder(sink);
    }

    /** Settings with the defaults of {@code LedgerAppenderProducer}. */
    public static final class Builder {
        private final Function<AppendRequest, AppendResponse> sink;
        private int capacity = 65_536;
        private int maxBatch = 512;
        private Duration maxDelay = Duration.ofMillis(50);
        private Path outboxDir;
        private long outboxMaxBytes = 256L << 20;
        private long segmentBytes = 8L << 20;
        private boolean fsync;

        private Builder(Function<AppendRequest, AppendResponse> sink) {
            this.sink = sink;
        }

        /** In-memory queue size (memory-only mode). */
        public Builder capacity(int v) {
            capacity = v;
            return this;
        }

        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        public Builder maxDelay(Duration v) {
            maxDelay = v;
            return this;
        }

        /** Folder of the durable outbox; null = memory only. */
        public Builder outbox(Path dir) {
            outboxDir = dir;
            return this;
        }

        /** Most bytes the outbox holds; beyond it events are dropped (counted, logged). */
        public Builder outboxMaxBytes(long v) {
            outboxMaxBytes = v;
            return this;
        }

        /** A segment file is closed and a new one started at this size. */
        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        /** Force every append to disk (survives a machine crash; one fsync per event on the request path). */
        public Builder fsync(boolean v) {
            fsync = v;
            return this;
        }

        /** @throws UncheckedIOException when the outbox folder cannot be opened or is locked by another process */
        public LedgerAppender build() {
            DiskOutbox box = null;
            if (outboxDir != null) {
                try {
                    box = new DiskOutbox(outboxDir, outboxMaxBytes, segmentBytes, fsync);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new LedgerAppender(sink, capacity, maxBatch, maxDelay, box);
        }
    }

    @Override
    public void record(CostEvent event) {
        boolean kept;
        if (outbox == null) {
            kept = queue.offer(event);
        } else {
            try {
                kept = outbox.append(event);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "ledger outbox write failed; dropped cost event %s", event.getEventId());
                dropped.incrementAndGet();
                return;
            }
        }
        if (!kept) {
            long n = dropped.incrementAndGet();
            // every drop is counted; the log is thinned so a full outbox cannot flood it
            if (n == 1 || n % 1000 == 0) {
                LOG.errorf("ledger appender %s full; dropped cost event %s of request %s (%d dropped so far)",
                        outbox == null ? "queue" : "outbox " + outbox.dir(), event.getEventId(), event.getRequestId(), n);
            }
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

    /** Events recorded and not yet acknowledged by the ledger. */
    public long queued() {
        return outbox == null ? queue.size() : outbox.pendingCount();
    }

    /** Bytes held in the outbox (0 in memory-only mode). */
    public long outboxBytes() {
        return outbox == null ? 0 : outbox.bytes();
    }

    public boolean durable() {
        return outbox != null;
    }

    private void run() {
        try {
            while (true) {
                List<CostEvent> batch = outbox != null ? outbox.nextBatch(maxBatch, maxDelayNanos, IDLE_WAIT_NANOS)
                        : pollQueue();
                if (batch.isEmpty()) {
                    // an outbox keeps what is left for the next start; a queue is drained before the sender stops
                    if (closing && (outbox != null || queue.isEmpty())) {
                        return;
                    }
                    continue;
                }
                sendWithRetry(batch);
                if (outbox != null) {
                    outbox.acknowledge();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "ledger appender sender stopped; unsent events stay in the outbox for the next start");
        }
    }

    private List<CostEvent> pollQueue() throws InterruptedException {
        CostEvent first = queue.poll(IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<CostEvent> batch = new ArrayList<>(maxBatch);
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
        return batch;
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

    /**
     * Stops the sender after it has sent what it can within {@code timeout}. Memory-only: what is still queued then is
     * lost. With an outbox: what is unsent stays on disk and is sent by the next appender on the same folder.
     */
    public void close(Duration timeout) {
        closing = true;
        try {
            sender.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) {
            sender.interrupt();
            try {
                sender.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (outbox != null) {
            try {
                outbox.close();
            } catch (IOException e) {
                LOG.warnf(e, "closing the ledger outbox failed");
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
