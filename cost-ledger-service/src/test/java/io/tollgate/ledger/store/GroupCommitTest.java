package io.tollgate.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final List<List<String>> transactions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** "new…" rows are new, anything else a duplicate; a "bad…" row fails its whole transaction. */
    private boolean[] store(List<String> rows) {
        transactions.add(List.copyOf(rows));
        if (rows.stream().anyMatch(r -> r.startsWith("bad"))) {
            throw new IllegalStateException("constraint violated by a bad row");
        }
        boolean[] fresh = new boolean[rows.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = rows.get(i).startsWith("new");
        }
        return fresh;
    }

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);

    /** A transaction that waits for {@code gate} before it writes: appends queue behind it meanwhile. */
    private Function<List<String>, boolean[]> gated() {
        return rows -> {
            entered.countDown();
            try {
                assertTrue(gate.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return store(rows);
        };
    }

    /** Appends {@code row} and waits until its transaction is open and held at the gate. */
    private Future<boolean[]> holdFirst(GroupCommit<String> commit, String row) throws InterruptedException {
        Future<boolean[]> first = pool.submit(() -> commit.write(List.of(row)));
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        return first;
    }

    private static void awaitQueued(GroupCommit<?> commit, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (commit.queued() < n) {
            assertTrue(System.nanoTime() < end, "appends never queued");
            Thread.sleep(1);
        }
    }

    @Test
    void appendsThatQueueDuringATransactionShareTheNextOneAndEachGetsItsOwnFlags() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(gated(), 1, 1000);
        Future<boolean[]> first = holdFirst(commit, "new-0");
        List<Future<boolean[]>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            List<String> rows = List.of("new-" + i, "dup-" + i, "new-" + i + "b");
            queued.add(pool.submit(() -> commit.write(rows)));
        }
        awaitQueued(commit, 5);
        gate.countDown();

        assertArrayEquals(new boolean[] { true }, first.get(30, TimeUnit.SECONDS));
        for (Future<boolean[]> f : queued) {
            assertArrayEquals(new boolean[] { true, false, true }, f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(2, transactions.size(), "the five queued appends went in one transaction: " + transactions);
        assertEquals(15, transactions.get(1).size());
    }

    @Test
    void aFailedSharedTransactionIsRetriedAppendByAppendSoOnlyTheBadAppendFails() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(gated(), 1, 1000);
        Future<boolean[]> first = holdFirst(commit, "new-first");
        Future<boolean[]> good = pool.submit(() -> commit.write(List.of("new-good", "dup-good")));
        awaitQueued(commit, 1);
        Future<boolean[]> bad = pool.submit(() -> commit.write(List.of("new-x", "bad-row")));
        awaitQueued(commit, 2);
        gate.countDown();

        assertArrayEquals(new boolean[] { true }, first.get(30, TimeUnit.SECONDS));
        assertArrayEquals(new boolean[] { true, false }, good.get(30, TimeUnit.SECONDS));
        Exception e = assertThrows(Exception.class, () -> bad.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        // first; then good+bad together (failed); then each alone
        assertEquals(List.of(List.of("new-first"), List.of("new-good", "dup-good", "new-x", "bad-row"),
                List.of("new-good", "dup-good"), List.of("new-x", "bad-row")), transactions);
    }

    @Test
    void noTransactionExceedsTheRowLimitExceptAnAppendLargerThanIt() throws Exception {
        GroupCommit<String> commit = new GroupCommit<>(gated(), 1, 4);
        Future<boolean[]> first = holdFirst(commit, "new-a");
        List<Future<boolean[]>> queued = new ArrayList<>();
        queued.add(pool.submit(() -> commit.write(List.of("new-1", "new-2", "new-3"))));
        awaitQueued(commit, 1);
        queued.add(pool.submit(() -> commit.write(List.of("new-4", "new-5"))));
        awaitQueued(commit, 2);
        queued.add(pool.submit(() -> commit.write(Collections.nCopies(6, "new-big"))));
        awaitQueued(commit, 3);
        gate.countDown();
        first.get(30, TimeUnit.SECONDS);
        for (Future<boolean[]> f : queued) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 3, 2, 6), transactions.stream().map(List::size).toList());
    }

    @Test
    void manyConcurrentAppendersEachGetExactlyTheirOwnAnswerWithinTheTransactionLimit() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        GroupCommit<String> commit = new GroupCommit<>(rows -> {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
                return store(rows);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                open.decrementAndGet();
            }
        }, 2, 64);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    List<String> rows = List.of("new-" + thread + "-" + i, "dup-" + thread + "-" + i);
                    if (!Arrays.equals(new boolean[] { true, false }, commit.write(rows))) {
                        return false;
                    }
                }
                return true;
            }));
        }
        for (Future<Boolean> r : results) {
            assertTrue(r.get(60, TimeUnit.SECONDS));
        }
        assertTrue(mostOpen.get() <= 2, "at most 2 transactions at once, saw " + mostOpen.get());
        assertEquals(12 * 40 * 2, transactions.stream().mapToInt(List::size).sum(), "every row written exactly once");
        assertTrue(transactions.size() < 12 * 40, "concurrent appends shared transactions: " + transactions.size());
        assertTrue(transactions.stream().allMatch(tx -> tx.size() <= 64));
    }
}
