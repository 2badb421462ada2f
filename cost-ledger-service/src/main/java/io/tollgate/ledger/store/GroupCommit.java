package io.tollgate.ledger.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Concurrent appends share transactions (group commit): an append queues its rows and, while at most
 * {@code writers} transactions are open, the caller that gets a slot writes everything queued so far, up to
 * {@code maxRows}, in one transaction, its own rows and those of the appends that queued while the previous
 * transaction ran. Each append is answered only once the transaction holding its rows has committed, with the
 * "new or duplicate" flags of its own rows.
 *
 * <p>Why: eight appenders each committing its own batch of 1,024 made PostgreSQL's backends wait on one another:
 * on the table's extension lock (every transaction grows the same partition), on the rollup rows (every batch
 * adds to the same hour of the same keys) and on the lock manager. One transaction per group moves the rollups once
 * per group instead of once per batch, and leaves no two transactions racing for the same rows.
 *
 * <p>A group whose transaction fails is retried append by append, so that one append's bad row cannot fail the
 * appends that merely shared its transaction.
 */
final class GroupCommit<R> {
    private final Function<List<R>, boolean[]> transaction;
    private final Semaphore writers;
    private final int maxRows;
    private final ReentrantLock queueLock = new ReentrantLock();
    private final ArrayDeque<Pending<R>> queue = new ArrayDeque<>();

    private record Pending<R>(List<R> rows, CompletableFuture<boolean[]> done) {
    }

    /**
     * @param transaction writes rows in one transaction and says, per row, whether it was new
     * @param writers     transactions open at once
     * @param maxRows     most rows in one transaction (one append larger than this is written alone)
     */
    GroupCommit(Function<List<R>, boolean[]> transaction, int writers, int maxRows) {
        this.transaction = transaction;
        this.writers = new Semaphore(writers);
        this.maxRows = maxRows;
    }

    /** Writes the rows (in a transaction shared with concurrent appends) and says which of them were new. */
    boolean[] write(List<R> rows) {
        Pending<R> mine = new Pending<>(rows, new CompletableFuture<>());
        queueLock.lock();
        try {
            queue.addLast(mine);
        } finally {
            queueLock.unlock();
        }
        writers.acquireUninterruptibly();
        try {
            // lead until this append is written, or until it is in a transaction another writer has open
            while (!mine.done().isDone()) {
                List<Pending<R>> group = take();
                if (group.isEmpty()) {
                    break;
                }
                commit(group);
            }
        } finally {
            writers.release();
        }
        try {
            return mine.done().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Appends waiting for a transaction. */
    int queued() {
        queueLock.lock();
        try {
            return queue.size();
        } finally {
            queueLock.unlock();
        }
    }

    /** The queue's head appends, up to {@code maxRows} rows (at least one append when any is queued). */
    private List<Pending<R>> take() {
        List<Pending<R>> group = new ArrayList<>();
        int rows = 0;
        queueLock.lock();
        try {
            Pending<R> next;
            while ((next = queue.peekFirst()) != null && (group.isEmpty() || rows + next.rows().size() <= maxRows)) {
                group.add(queue.pollFirst());
                rows += next.rows().size();
            }
        } finally {
            queueLock.unlock();
        }
        return group;
    }

    private void commit(List<Pending<R>> group) {
        if (group.size() == 1) {
            run(group.get(0));
            return;
        }
        List<R> all = new ArrayList<>();
        for (Pending<R> p : group) {
            all.addAll(p.rows());
        }
        boolean[] fresh;
        try {
            fresh = transaction.apply(all);
        } catch (RuntimeException e) {
            group.forEach(this::run);
            return;
        }
        int from = 0;
        for (Pending<R> p : group) {
            boolean[] own = new boolean[p.rows().size()];
            System.arraycopy(fresh, from, own, 0, own.length);
            from += own.length;
            p.done().complete(own);
        }
    }

    private void run(Pending<R> p) {
        try {
            p.done().complete(transaction.apply(p.rows()));
        } catch (RuntimeException e) {
            p.done().completeExceptionally(e);
        }
    }
}
