package io.tollgate.cache.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.tollgate.cache.service.CacheEntry;
import io.tollgate.cache.service.ErrorBudget;

/**
 * Where entries live. Implementations may throw on any failure (the engine fails open around them); they never
 * return expired entries. Keys are partitioned by tenant: no method reads across tenants.
 */
public interface CacheStore extends AutoCloseable {

    Optional<CacheEntry> findByKey(String tenant, String exactKey);

    Optional<CacheEntry> get(String tenant, String entryId);

    /** Stores the entry until its {@code expiresAtMillis} and announces it to replicas. */
    void put(CacheEntry entry);

    /** Removes one entry (e.g. a stale model version) and announces it. */
    void remove(CacheEntry entry);

    /** Removes a tenant's entries, optionally only one model's or one tag's, and returns what was removed. */
    List<CacheEntry> removeMatching(String tenant, String model, String tag);

    /** Remembers which entry answered a request with a semantic hit, for feedback, until {@code ttl} has passed. */
    void rememberServed(String tenant, ServedHit hit, Duration ttl);

    /** What answered {@code requestId}, once: a second call finds nothing (a judgement counts once). */
    Optional<ServedHit> takeServed(String tenant, String requestId);

    /** Raises the entry's own similarity floor to {@code floor} (never lowers it); no-op for a gone entry. */
    void raiseFloor(String tenant, String entryId, float floor);

    /** Appends one judgement to the tenant's, keeping the newest {@code window}. */
    void addJudgement(String tenant, ErrorBudget.Judgement judgement, int window);

    /** The tenant's judgements, newest first. */
    List<ErrorBudget.Judgement> judgements(String tenant);

    /**
     * Hands every live entry of every tenant to {@code action}, one at a time, to rebuild an index at start-up; the
     * store never holds them all at once (a Redis with more entries than the service's heap must not stop it starting).
     */
    void forEachEntry(Consumer<CacheEntry> action);

    /** Delivers other replicas' inserts and deletions (and possibly this one's: listeners are idempotent). */
    void listen(ChangeListener listener);

    @Override
    void close();

    /** A semantic hit as served: which entry (of which model family) answered, at what similarity. */
    record ServedHit(String requestId, String entryId, String family, float similarity) {
    }

    /** Receives replica-sync events. Called from the store's sync thread. */
    interface ChangeListener {
        void upserted(CacheEntry entry);

        void removed(String tenant, String family, String entryId);
    }
}
