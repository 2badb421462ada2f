package io.tollgate.worker.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.worker.runtime.ModelSpecs;
import io.tollgate.worker.runtime.OnnxEmbedder;
import io.tollgate.worker.runtime.SessionOptionsFactory;
import io.tollgate.worker.runtime.Tokenized;

/** The batcher on the real fp32 MiniLM (int8 batches are not bit-stable: dynamic quantisation is per tensor); {@code hold()} queues exactly what each test needs before anything runs. */
class DynamicBatcherTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static OnnxEmbedder model;

    @BeforeAll
    static void load() throws Exception {
        model = OnnxEmbedder.load(ModelSpecs.builtins(BatchPolicy.unbatched(1), "test").get(0), SessionOptionsFactory.cpu(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static DynamicBatcher batcher(int maxBatch, int capacity) {
        return new DynamicBatcher("test", new BatchPolicy(maxBatch, List.of(), Duration.ofMillis(1), capacity), 1, model::embed,
                new SimpleMeterRegistry());
    }

    static List<Tokenized> tok(String text) {
        return model.tokenize(List.of(text), "inputs");
    }

    static BatchResult get(CompletableFuture<BatchResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void batchedResultsEqualUnbatchedOnes() throws Exception {
        List<String> texts = List.of("a cat", "a much longer sentence about cats and their many habits", "dogs bark",
                "what is the capital of France?", "x y z", "the ledger prices compute seconds");
        try (DynamicBatcher b = batcher(8, 64)) {
            b.hold();
            List<CompletableFuture<BatchResult>> futures = new ArrayList<>();
            for (String t : texts) {
                futures.add(b.submit("r", tok(t), Priority.INTERACTIVE, null));
            }
            assertTrue(b.awaitQueued(texts.size(), WAIT));
            b.release();
            for (int i = 0; i < texts.size(); i++) {
                BatchResult r = get(futures.get(i));
                assertEquals(texts.size(), r.batchSize(), "all six ran as one batch");
                float[] alone = model.embed(tok(texts.get(i)))[0];
                assertArrayEquals(alone, r.vectors()[0], 1e-4f, texts.get(i));
            }
            assertEquals(1, b.batchCount());
        }
    }

    @Test
    void aRequestLargerThanTheMaxBatchIsSplitAndReassembledInOrder() throws Exception {
        List<String> texts = List.of("one", "two words", "three words here", "four words are here", "five");
        try (DynamicBatcher b = batcher(2, 64)) {
            BatchResult r = get(b.submit("r", model.tokenize(texts, "inputs"), Priority.BULK, null));
            assertEquals(texts.size(), r.vectors().length);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(model.embed(tok(texts.get(i)))[0], r.vectors()[i], 1e-4f);
            }
            assertTrue(r.batchSize() <= 2);
        }
    }

    @Test
    void aFullQueueAnswersOverloaded() throws Exception {
        try (DynamicBatcher b = batcher(4, 3)) {
            b.hold();
            CompletableFuture<BatchResult> fits = b.submit("r1", model.tokenize(List.of("a", "b", "c"), "inputs"), Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> over = b.submit("r2", tok("d"), Priority.INTERACTIVE, null);
            ExecutionException e = assertThrows(ExecutionException.class, () -> over.get(0, TimeUnit.SECONDS));
            assertEquals(ErrorKind.OVERLOADED, assertInstanceOf(TollgateException.class, e.getCause()).kind());
            b.release();
            assertEquals(3, get(fits).vectors().length);
        }
    }

    @Test
    void anExpiredRequestIsDroppedBeforeRunning() throws Exception {
        ManualTicker clock = new ManualTicker();
        try (DynamicBatcher b = batcher(4, 16)) {
            b.hold();
            CompletableFuture<BatchResult> late = b.submit("late", tok("too late"), Priority.INTERACTIVE,
                    Deadline.after(1, TimeUnit.SECONDS, clock));
            CompletableFuture<BatchResult> onTime = b.submit("fine", tok("on time"), Priority.INTERACTIVE, null);
            assertTrue(b.awaitQueued(2, WAIT));
            clock.advance(Duration.ofSeconds(2));
            b.release();
            assertEquals(1, get(onTime).batchSize(), "only the live request ran");
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
            assertEquals(ErrorKind.TIMEOUT, assertInstanceOf(TollgateException.class, e.getCause()).kind());
            assertEquals(1, b.expiredCount());
        }
    }

    @Test
    void interactiveRunsBeforeBulkQueuedEarlier() throws Exception {
        try (DynamicBatcher b = batcher(2, 16)) {
            b.hold();
            CompletableFuture<BatchResult> bulk1 = b.submit("b1", tok("bulk one"), Priority.BULK, null);
            CompletableFuture<BatchResult> bulk2 = b.submit("b2", tok("bulk two"), Priority.BULK, null);
            CompletableFuture<BatchResult> live1 = b.submit("i1", tok("interactive one"), Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> live2 = b.submit("i2", tok("interactive two"), Priority.INTERACTIVE, null);
            assertTrue(b.awaitQueued(4, WAIT));
            b.release();
            assertEquals(1, get(live1).lastBatch());
            assertEquals(1, get(live2).lastBatch());
            assertEquals(2, get(bulk1).lastBatch());
            assertEquals(2, get(bulk2).lastBatch());
        }
    }

    @Test
    void textsOfSimilarLengthAreBatchedTogether() throws Exception {
        String shortText = "hi there";
        String longText = "a considerably longer sentence that has many more tokens than the short ones in this test";
        try (DynamicBatcher b = batcher(2, 16)) {
            b.hold();
            CompletableFuture<BatchResult> s1 = b.submit("s1", tok(shortText), Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> l1 = b.submit("l1", tok(longText), Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> s2 = b.submit("s2", tok(shortText + " again"), Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> l2 = b.submit("l2", tok(longText + " again"), Priority.INTERACTIVE, null);
            assertTrue(b.awaitQueued(4, WAIT));
            b.release();
            assertEquals(get(s1).lastBatch(), get(s2).lastBatch(), "the two short texts share a batch");
            assertEquals(get(l1).lastBatch(), get(l2).lastBatch(), "the two long texts share a batch");
            assertTrue(get(s1).lastBatch() < get(l1).lastBatch(), "the oldest text's batch runs first");
        }
    }

    @Test
    void computeTimeIsSharedByTokenShare() throws Exception {
        try (DynamicBatcher b = batcher(4, 16)) {
            b.hold();
            List<Tokenized> small = tok("two words");
            List<Tokenized> big = tok("this sentence has quite a few more tokens than the other one has");
            CompletableFuture<BatchResult> fs = b.submit("s", small, Priority.INTERACTIVE, null);
            CompletableFuture<BatchResult> fb = b.submit("b", big, Priority.INTERACTIVE, null);
            assertTrue(b.awaitQueued(2, WAIT));
            b.release();
            BatchResult rs = get(fs);
            BatchResult rb = get(fb);
            assertEquals(rs.lastBatch(), rb.lastBatch());
            double tokenRatio = (double) big.get(0).tokens() / small.get(0).tokens();
            double computeRatio = (double) rb.computeNanos() / rs.computeNanos();
            assertEquals(tokenRatio, computeRatio, tokenRatio * 1e-3);
            assertEquals(small.get(0).tokens(), rs.inputTokens());
        }
    }

    /** A clock the test moves by hand, so deadline expiry needs no sleeping. */
    static final class ManualTicker extends Deadline.Ticker {
        private final AtomicLong now = new AtomicLong();

        @Override
        public long nanoTime() {
            return now.get();
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }

    /** A runner whose cost is known: a fixed 3 ms per run (the launch cost batching shares) plus 0.25 ms per text. */
    static float[][] fixedCostRun(List<Tokenized> batch) throws InterruptedException {
        Thread.sleep(Duration.ofMillis(3).plusNanos(250_000L * batch.size()));
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[] { batch.get(i).tokens() };
        }
        return out;
    }

    @Test
    void eachResultCarriesWhatItsTextsWouldHaveCostRunAlone() throws Exception {
        List<Tokenized> texts = model.tokenize(List.of("one", "two words", "three words here", "four words are here"), "inputs");
        try (DynamicBatcher b = new DynamicBatcher("fixed", new BatchPolicy(16, List.of(), Duration.ofMillis(1), 64), 1,
                DynamicBatcherTest::fixedCostRun, new SimpleMeterRegistry())) {
            // nothing known yet: a batched text claims no saving (its unbatched cost is its own share)
            b.hold();
            List<CompletableFuture<BatchResult>> early = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                early.add(b.submit("r" + i, List.of(texts.get(i % texts.size())), Priority.INTERACTIVE, null));
            }
            assertTrue(b.awaitQueued(8, WAIT));
            b.release();
            for (CompletableFuture<BatchResult> f : early) {
                BatchResult r = get(f);
                assertEquals(r.computeNanos(), r.unbatchedNanos(), "no lone run seen yet");
            }

            b.calibrate(texts, 3);
            assertTrue(b.soloCost().estimate(4) >= 3_000_000, "a lone run costs at least the 3 ms launch");

            // a lone request reports its own compute as the unbatched figure
            BatchResult alone = get(b.submit("alone", List.of(texts.get(0)), Priority.INTERACTIVE, null));
            assertEquals(1, alone.batchSize());
            assertEquals(alone.computeNanos(), alone.unbatchedNanos());

            // sixteen texts in one run share one launch: each would have paid a whole one alone
            b.hold();
            List<CompletableFuture<BatchResult>> batched = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                batched.add(b.submit("b" + i, List.of(texts.get(i % texts.size())), Priority.INTERACTIVE, null));
            }
            assertTrue(b.awaitQueued(16, WAIT));
            b.release();
            long compute = 0;
            long unbatched = 0;
            for (CompletableFuture<BatchResult> f : batched) {
                BatchResult r = get(f);
                assertEquals(16, r.batchSize());
                compute += r.computeNanos();
                unbatched += r.unbatchedNanos();
            }
            // 16 lone runs >= 16 x 3.25 ms = 52 ms; the one batch took about 3 + 16 x 0.25 = 7 ms
            assertTrue(unbatched >= 52_000_000L, "unbatched " + unbatched);
            assertTrue(unbatched > 3 * compute, "unbatched " + unbatched + " vs compute " + compute);
        }
    }
}
