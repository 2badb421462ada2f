package io.tollgate.worker.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.grpc.Deadline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.worker.runtime.Tokenized;

/**
 * One model's dynamic batcher, after Triton's: texts from many requests wait in a bounded queue (interactive before
 * bulk) and {@code threads} executor threads each take a batch and run it in one ORT call.
 *
 * <p>A batch is formed when {@code maxBatchSize} texts wait, or when a preferred batch size can be filled, or when the
 * oldest text has waited {@code maxQueueDelay}; then the rest wait for the next batch. The batch always holds the
 * oldest text of the highest waiting priority; when more texts wait than fit, the others are those whose token counts
 * are nearest to it, so that padding stays small. Requests whose deadline has passed are dropped before running.
 *
 * <p>Locking: the two queues, {@code size}, {@code held} and {@code closed} are guarded by {@code lock}; batches run
 * outside it. {@link #hold()} / {@link #awaitQueued} / {@link #release()} are a deterministic hook for tests and
 * benchmarks: while held no batch is formed, so a test can queue exactly the requests it wants first.
 */
public final class DynamicBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    /** Runs one batch: one embedding per text, in order. */
    @FunctionalInterface
    public interface Runner {
        float[][] run(List<Tokenized> batch) throws Exception;
    }

    private final String model;
    private final BatchPolicy policy;
    private final Runner runner;
    private final List<Thread> threads = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every arrival, release and close. */
    private final Condition changed = lock.newCondition();
    private final List<Item> interactive = new ArrayList<>();
    private final List<Item> bulk = new ArrayList<>();
    private volatile int size;
    private boolean held;
    private boolean closed;

    private final SoloCost soloCost = new SoloCost();
    private final AtomicLong batches = new AtomicLong();
    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Timer compute;
    private final Counter droppedDeadline;
    private final Counter rejectedFull;

    public DynamicBatcher(String model, BatchPolicy policy, int threadCount, Runner runner, MeterRegistry registry) {
        this.model = model;
        this.policy = policy;
        this.runner = runner;
        Gauge.builder("tollgate.worker.queue.depth", this, b -> b.size)
                .description("Texts waiting in the model's batcher queue (the autoscaling signal)")
                .tag("model", model).register(registry);
        this.batchSize = DistributionSummary.builder("tollgate.worker.batch.size")
                .description("Texts per ORT run").tag("model", model)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
        this.queueWait = Timer.builder("tollgate.worker.queue.wait")
                .description("Time a text waited in the batcher queue").tag("model", model)
                .publishPercentileHistogram().register(registry);
        this.compute = Timer.builder("tollgate.worker.compute")
                .description("ORT run time of one batch").tag("model", model)
                .publishPercentileHistogram().register(registry);
        this.droppedDeadline = Counter.builder("tollgate.worker.dropped").description("Requests dropped before running")
                .tag("model", model).tag("reason", "deadline").register(registry);
        this.rejectedFull = Counter.builder("tollgate.worker.dropped").description("Requests dropped before running")
                .tag("model", model).tag("reason", "queue_full").register(registry);
        for (int i = 0; i < Math.max(1, threadCount); i++) {
            Thread t = Thread.ofPlatform().daemon().name("tollgate-batcher-" + model + "-" + i).unstarted(this::loop);
            threads.add(t);
            t.start();
        }
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** The fitted cost of a text run alone (the unbatched counterfactual each result reports). */
    public SoloCost soloCost() {
        return soloCost;
    }

    /**
     * Runs each sample alone, {@code rounds} times, straight on the runner (not through the queue), to warm the model
     * and seed {@link #soloCost()}; the first round is warm-up and not recorded.
     */
    public void calibrate(List<Tokenized> samples, int rounds) throws Exception {
        for (int r = 0; r < rounds; r++) {
            for (Tokenized t : samples) {
                long start = System.nanoTime();
                runner.run(List.of(t));
                if (r > 0) {
                    soloCost.observe(t.tokens(), System.nanoTime() - start);
                }
            }
        }
    }

    /**
     * Queues a request's texts. Fails at once with OVERLOADED (RESOURCE_EXHAUSTED) when they do not fit in the queue.
     *
     * @param deadline when the caller stops waiting; null = none
     */
    public CompletableFuture<BatchResult> submit(String requestId, List<Tokenized> texts, Priority priority, Deadline deadline) {
        Pending p = new Pending(requestId, priority, deadline, System.nanoTime(), texts);
        lock.lock();
        try {
            if (closed) {
                p.fail(new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE, "model " + model + " is shutting down"));
                return p.future;
            }
            if (size + texts.size() > policy.queueCapacity()) {
                rejectedFull.increment();
                p.fail(new TollgateException(ErrorKind.OVERLOADED, "queue of model " + model + " is full (" + size
                        + " texts waiting, capacity " + policy.queueCapacity() + "); retry later", "model"));
                return p.future;
            }
            List<Item> queue = priority == Priority.BULK ? bulk : interactive;
            for (int i = 0; i < texts.size(); i++) {
                queue.add(new Item(p, i, texts.get(i)));
            }
            size += texts.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return p.future;
    }

    /** Texts waiting now. */
    public int queued() {
        return size;
    }

    /** Batches run so far. */
    public long batchCount() {
        return batches.get();
    }

    /** Requests dropped because their deadline passed while queued. */
    public long expiredCount() {
        return (long) droppedDeadline.count();
    }

    /** Test hook: form no batch until {@link #release()}. */
    public void hold() {
        lock.lock();
        try {
            held = true;
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            held = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Test hook: waits until at least {@code n} texts are queued; false if {@code timeout} passed first. */
    public boolean awaitQueued(int n, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (size < n) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            List<Item> batch;
            lock.lock();
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (batch == null) {
                return;
            }
            execute(batch);
        }
    }

    /** Blocks until a batch is due; null once closed. Called with {@code lock} held. */
    private List<Item> nextBatch() throws InterruptedException {
        while (true) {
            if (closed) {
                return null;
            }
            if (held || size == 0) {
                changed.await();
                continue;
            }
            dropExpired();
            if (size == 0) {
                continue;
            }
            int target = dueSize();
            if (target == 0) {
                long waited = System.nanoTime() - oldestEnqueued();
                long left = policy.maxQueueDelay().toNanos() - waited;
                if (left > 0) {
                    changed.awaitNanos(left);
                    continue;
                }
                target = Math.min(size, policy.maxBatchSize());
            }
            return select(target);
        }
    }

    /** The batch size to form now, or 0 to keep waiting for the delay. */
    private int dueSize() {
        if (size >= policy.maxBatchSize()) {
            return policy.maxBatchSize();
        }
        for (int preferred : policy.preferredBatchSizes()) {
            if (size >= preferred) {
                return preferred;
            }
        }
        return 0;
    }

    private long oldestEnqueued() {
        long oldest = Long.MAX_VALUE;
        if (!interactive.isEmpty()) {
            oldest = interactive.get(0).owner().enqueuedNanos;
        }
        if (!bulk.isEmpty()) {
            oldest = Math.min(oldest, bulk.get(0).owner().enqueuedNanos);
        }
        return oldest;
    }

    /** Removes texts of requests that failed or whose deadline passed, failing the latter with DEADLINE_EXCEEDED. */
    private void dropExpired() {
        Map<Pending, Boolean> seen = new IdentityHashMap<>();
        for (List<Item> queue : List.of(interactive, bulk)) {
            queue.removeIf(item -> {
                Pending p = item.owner();
                boolean gone = seen.computeIfAbsent(p, x -> {
                    if (x.isDone()) {
                        return true;
                    }
                    if (x.expired()) {
                        droppedDeadline.increment();
                        x.fail(new TollgateException(ErrorKind.TIMEOUT, "deadline passed while queued for model " + model
                                + "; dropped before running"));
                        withRequestId(x.requestId, () -> LOG.debugf("dropped expired request from the %s queue", model));
                        return true;
                    }
                    return false;
                });
                return gone;
            });
        }
        size = interactive.size() + bulk.size();
    }

    private List<Item> select(int target) {
        int headTokens = (!interactive.isEmpty() ? interactive.get(0) : bulk.get(0)).tokens();
        List<Item> chosen = new ArrayList<>(target);
        takeNearest(interactive, target, headTokens, chosen);
        if (chosen.size() < target) {
            takeNearest(bulk, target - chosen.size(), headTokens, chosen);
        }
        size = interactive.size() + bulk.size();
        return chosen;
    }

    /** Moves {@code want} items from {@code queue} to {@code out}: its oldest, then those nearest in length to {@code ref}. */
    private static void takeNearest(List<Item> queue, int want, int ref, List<Item> out) {
        if (queue.isEmpty() || want <= 0) {
            return;
        }
        if (queue.size() <= want) {
            out.addAll(queue);
            queue.clear();
            return;
        }
        List<Integer> order = new ArrayList<>(queue.size() - 1);
        for (int i = 1; i < queue.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Math.abs(queue.get(i).tokens() - ref)).thenComparingInt(i -> i));
        boolean[] take = new boolean[queue.size()];
        take[0] = true;
        for (int k = 0; k < want - 1; k++) {
            take[order.get(k)] = true;
        }
        List<Item> rest = new ArrayList<>(queue.size() - want);
        for (int i = 0; i < queue.size(); i++) {
            (take[i] ? out : rest).add(queue.get(i));
        }
        queue.clear();
        queue.addAll(rest);
    }

    private void execute(List<Item> batch) {
        long start = System.nanoTime();
        List<Tokenized> texts = new ArrayList<>(batch.size());
        long totalTokens = 0;
        for (Item item : batch) {
            texts.add(item.text());
            totalTokens += item.tokens();
            queueWait.record(start - item.owner().enqueuedNanos, TimeUnit.NANOSECONDS);
        }
        float[][] out;
        try {
            out = runner.run(texts);
        } catch (Exception | LinkageError e) {
            TollgateException failure = new TollgateException(ErrorKind.INTERNAL, "model " + model + " failed to run a batch of "
                    + batch.size() + ": " + e.getMessage(), null, e);
            batch.stream().map(Item::owner).distinct().forEach(p -> {
                withRequestId(p.requestId, () -> LOG.errorf(e, "batch of %d on %s failed", batch.size(), model));
                p.fail(failure);
            });
            return;
        }
        long computeNanos = System.nanoTime() - start;
        long seq = batches.incrementAndGet();
        batchSize.record(batch.size());
        compute.record(computeNanos, TimeUnit.NANOSECONDS);
        if (batch.size() == 1) {
            soloCost.observe(batch.get(0).tokens(), computeNanos);
        }
        for (int i = 0; i < batch.size(); i++) {
            Item item = batch.get(i);
            double share = (double) computeNanos * item.tokens() / totalTokens;
            // Alone it would have cost what the fitted line says; unknown -> its share (no saving claimed).
            double solo = batch.size() == 1 ? computeNanos : soloCost.estimate(item.tokens());
            item.owner().complete(item.index(), out[i], item.tokens(), share, Double.isNaN(solo) ? share : solo,
                    start - item.owner().enqueuedNanos, batch.size(), seq);
        }
    }

    private static void withRequestId(String requestId, Runnable r) {
        Object before = MDC.get("requestId");
        MDC.put("requestId", requestId == null ? "" : requestId);
        try {
            r.run();
        } finally {
            if (before == null) {
                MDC.remove("requestId");
            } else {
                MDC.put("requestId", before);
            }
        }
    }

    /** Stops the executor threads; texts still queued fail with UNAVAILABLE. */
    @Override
    public void close() {
        List<Item> left = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            left.addAll(interactive);
            left.addAll(bulk);
            interactive.clear();
            bulk.clear();
            size = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        TollgateException down = new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE, "model " + model + " is shutting down");
        left.stream().map(Item::owner).distinct().forEach(p -> p.fail(down));
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
