package io.tollgate.cache.store;

import java.util.List;
import java.util.Optional;

import io.tollgate.cache.service.CacheEntry;

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

    /** Every live entry of every tenant, to rebuild an index at start-up. */
    List<CacheEntry> loadAll();

    /** Delivers other replicas' inserts and deletions (and possibly this one's: listeners are idempotent). */
    void listen(ChangeListener listener);

    @Override
    void close();

    /** Receives replica-sync events. Called from the store's sync thread. */
    interface ChangeListener {
        void upserted(CacheEntry entry);

        void removed(String tenant, String family, String entryId);
    }
}
