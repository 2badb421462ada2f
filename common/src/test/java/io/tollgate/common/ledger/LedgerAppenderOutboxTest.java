package io.tollgate.common.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tollgate.common.id.Ids;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;

class LedgerAppenderOutboxTest {

    /** A ledger stand-in with the real ledger's contract: idempotent by event id; can be taken down. */
    static final class DedupLedger implements Function<AppendRequest, AppendResponse> {
        final Set<String> stored = ConcurrentHashMap.newKeySet();
        final AtomicLong tokens = new AtomicLong();
        final AtomicLong calls = new AtomicLong();
        final AtomicBoolean up = new AtomicBoolean(true);

        @Override
        public AppendResponse apply(AppendRequest req) {
            calls.incrementAndGet();
            if (!up.get()) {
                throw new IllegalStateException("ledger down");
            }
            int accepted = 0;
            for (CostEvent e : req.getEventsList()) {
                if (stored.add(e.getEventId())) {
                    accepted++;
                    tokens.addAndGet(e.getInputTokens());
                }
            }
            return AppendResponse.newBuilder().setAccepted(accepted).setDuplicates(req.getEventsCount() - accepted)
                    .build();
        }
    }

    static CostEvent event(long tokens) {
        return CostEvent.newBuilder().setEventId(Ids.newId()).setRequestId(Ids.newId()).setTenant("acme")
                .setTeam("search").setModel("gpt-4o").setInputTokens(tokens).setOutputTokens(7).build();
    }

    static LedgerAppender appender(Path dir, Function<AppendRequest, AppendResponse> sink, long segmentBytes) {
        return LedgerAppender.builder(sink).outbox(dir).segmentBytes(segmentBytes).maxBatch(100)
                .maxDelay(Duration.ofMillis(5)).build();
    }

    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static long segmentFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("seg-")).count();
        }
    }

    @Test
    void eventsSurviveCloseWithoutSendAndAreDeliveredOnceAfterReopen(@TempDir Path dir) throws Exception {
        DedupLedger ledger = new DedupLedger();
        ledger.up.set(false);
        LedgerAppender first = appender(dir, ledger, 4096); // small segments: the log spans many files
        long expectedTokens = 0;
        for (int i = 1; i <= 2_000; i++) {
            first.record(event(i));
            expectedTokens += i;
        }
        first.close(Duration.ofMillis(100)); // the ledger never answered: nothing was sent
        assertTrue(segmentFiles(dir) > 1, "the events are on disk in several segments");
        assertEquals(0, ledger.stored.size());

        ledger.up.set(true);
        LedgerAppender second = appender(dir, ledger, 4096);
        await("replay", () -> second.queued() == 0);
        second.close();
        assertEquals(2_000, ledger.stored.size());
        assertEquals(expectedTokens, ledger.tokens.get());
        assertEquals(0, second.droppedCount());
        assertEquals(0, segmentFiles(dir), "acknowledged segments are deleted");
    }

    @Test
    void replayAfterAnUnacknowledgedSendIsDeDuplicatedByTheLedger(@TempDir Path dir) throws Exception {
        DedupLedger ledger = new DedupLedger();
        // stores, then the answer is lost: the first batch reaches the ledger, is never acknowledged, and is retried
        AtomicBoolean lostAnswers = new AtomicBoolean(true);
        Function<AppendRequest, AppendResponse> sink = req -> {
            AppendResponse r = ledger.apply(req);
            if (lostAnswers.get()) {
                throw new IllegalStateException("connection reset before the answer");
            }
            return r;
        };
        LedgerAppender first = appender(dir, sink, 1 << 20);
        for (int i = 0; i < 500; i++) {
            first.record(event(10));
        }
        await("first delivery", () -> ledger.stored.size() == 100 && ledger.calls.get() >= 2);
        first.close(Duration.ofMillis(50));
        lostAnswers.set(false);
        LedgerAppender second = appender(dir, sink, 1 << 20);
        await("replay", () -> second.queued() == 0);
        second.close();
        assertEquals(500, ledger.stored.size());
        assertEquals(5_000, ledger.tokens.get(), "replayed events are not counted twice");
        assertTrue(second.sentCount() >= 500);
    }

    @Test
    void outboxDrainsWhenTheLedgerComesBackAndTotalsMatch(@TempDir Path dir) throws Exception {
        DedupLedger ledger = new DedupLedger();
        ledger.up.set(false);
        LedgerAppender appender = appender(dir, ledger, 64 << 10);
        long expected = 0;
        for (int i = 0; i < 5_000; i++) {
            appender.record(event(i % 97));
            expected += i % 97;
        }
        await("retries while down", () -> ledger.calls.get() >= 3);
        assertEquals(5_000, appender.queued());
        assertTrue(appender.outboxBytes() > 0);
        ledger.up.set(true);
        // events recorded while it comes back are kept in order with the rest
        for (int i = 0; i < 1_000; i++) {
            appender.record(event(3));
            expected += 3;
        }
        await("drain", () -> appender.queued() == 0);
        assertEquals(6_000, ledger.stored.size());
        assertEquals(expected, ledger.tokens.get());
        assertEquals(0, appender.outboxBytes());
        appender.close();
    }

    @Test
    void fullOutboxDropsAndCountsWithoutBlocking(@TempDir Path dir) throws Exception {
        DedupLedger ledger = new DedupLedger();
        ledger.up.set(false);
        LedgerAppender appender = LedgerAppender.builder(ledger).outbox(dir).outboxMaxBytes(10_000).build();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            appender.record(event(1));
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(appender.droppedCount() > 0);
        assertEquals(1_000, appender.droppedCount() + appender.queued());
        assertTrue(appender.outboxBytes() <= 10_000);
        appender.close(Duration.ofMillis(50));
    }

    @Test
    void aTornLastRecordIsCutOffAndTheRestDelivered(@TempDir Path dir) throws Exception {
        DedupLedger ledger = new DedupLedger();
        ledger.up.set(false);
        LedgerAppender first = appender(dir, ledger, 1 << 20);
        for (int i = 0; i < 10; i++) {
            first.record(event(1));
        }
        first.close(Duration.ofMillis(50));
        Path seg;
        try (Stream<Path> s = Files.list(dir)) {
            seg = s.filter(p -> p.getFileName().toString().startsWith("seg-")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(seg);
        Files.write(seg, java.util.Arrays.copyOf(bytes, bytes.length - 5)); // a crash inside the last write
        ledger.up.set(true);
        LedgerAppender second = appender(dir, ledger, 1 << 20);
        await("replay", () -> second.queued() == 0);
        second.close();
        assertEquals(9, ledger.stored.size());
    }

    @Test
    void oneProcessPerOutboxFolder(@TempDir Path dir) {
        DedupLedger ledger = new DedupLedger();
        LedgerAppender first = appender(dir, ledger, 1 << 20);
        try {
            assertThrows(UncheckedIOException.class, () -> appender(dir, ledger, 1 << 20));
        } finally {
            first.close();
        }
    }

    @Test
    void memoryOnlyConstructorStillWorks() throws Exception {
        DedupLedger ledger = new DedupLedger();
        LedgerAppender appender = new LedgerAppender(ledger, 1024, 64, Duration.ofMillis(5));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            CostEvent e = event(1);
            ids.add(e.getEventId());
            appender.record(e);
        }
        await("send", () -> ledger.stored.size() == 300);
        appender.close();
        assertEquals(ids, ledger.stored);
    }
}
