package io.tollgate.cache.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.tollgate.cache.service.CacheEntry;
import io.tollgate.cache.service.ErrorBudget;

/**
 * The embedded store of a single process: bounded, insertion-ordered, evicting the oldest entry first.
 * All methods synchronise on the store; there are no replicas to announce anything to.
 */
public final class MemoryCacheStore implements CacheStore {
    private final int maxEntries;
    private final Map<String, CacheEntry> byId = new LinkedHashMap<>();
    private final Map<String, String> byKey = new LinkedHashMap<>();
    /** Served hits by scoped request id, oldest first, bounded like the entries; with their expiry. */
    private final Map<String, Served> served = new LinkedHashMap<>();
    private final Map<String, Deque<ErrorBudget.Judgement>> judgements = new HashMap<>();

    private record Served(ServedHit hit, long expiresAtMillis) {
    }

    public MemoryCacheStore(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    private static String scoped(String tenant, String id) {
        return tenant.length() + ":" + tenant + ":" + id;
    }

    @Override
    public synchronized Optional<CacheEntry> findByKey(String tenant, String exactKey) {
        String id = byKey.get(scoped(tenant, exactKey));
        return id == null ? Optional.empty() : get(tenant, id);
    }

    @Override
    public synchronized Optional<CacheEntry> get(String tenant, String entryId) {
        CacheEntry e = byId.get(scoped(tenant, entryId));
        if (e == null) {
            return Optional.empty();
        }
        if (e.expired(System.currentTimeMillis())) {
            remove(e);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    @Override
    public synchronized void put(CacheEntry entry) {
        byId.put(scoped(entry.tenant(), entry.entryId()), entry);
        byKey.put(scoped(entry.tenant(), entry.exactKey()), entry.entryId());
        while (byId.size() > maxEntries) {
            Iterator<CacheEntry> oldest = byId.values().iterator();
            CacheEntry evicted = oldest.next();
            oldest.remove();
            byKey.remove(scoped(evicted.tenant(), evicted.exactKey()), evicted.entryId());
        }
    }

    @Override
    public synchronized void remove(CacheEntry entry) {
        byId.remove(scoped(entry.tenant(), entry.entryId()));
        byKey.remove(scoped(entry.tenant(), entry.exactKey()), entry.entryId());
    }

    @Override
    public synchronized List<CacheEntry> removeMatching(String tenant, String model, String tag) {
        List<CacheEntry> removed = new ArrayList<>();
        for (CacheEntry e : List.copyOf(byId.values())) {
            if (e.tenant().equals(tenant) && Matching.matches(e, model, tag)) {
                remove(e);
                removed.add(e);
            }
        }
        return removed;
    }

    @Override
    public synchronized void rememberServed(String tenant, ServedHit hit, Duration ttl) {
        served.put(scoped(tenant, hit.requestId()), new Served(hit, System.currentTimeMillis() + ttl.toMillis()));
        while (served.size() > maxEntries) {
            served.remove(served.keySet().iterator().next());
        }
    }

    @Override
    public synchronized Optional<ServedHit> takeServed(String tenant, String requestId) {
        Served s = served.remove(scoped(tenant, requestId));
        return s == null || s.expiresAtMillis() <= System.currentTimeMillis() ? Optional.empty() : Optional.of(s.hit());
    }

    @Override
    public synchronized void raiseFloor(String tenant, String entryId, float floor) {
        CacheEntry e = byId.get(scoped(tenant, entryId));
        if (e != null && floor > e.floor()) {
            byId.put(scoped(tenant, entryId), new CacheEntry(e.entryId(), e.tenant(), e.exactKey(), e.model(), e.family(),
                    e.modelVersion(), e.contextKey(), e.promptText(), e.tags(), e.completion(), e.vector(), e.createdMillis(),
                    e.expiresAtMillis(), floor));
        }
    }

    @Override
    public synchronized void addJudgement(String tenant, ErrorBudget.Judgement judgement, int window) {
        Deque<ErrorBudget.Judgement> d = judgements.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        d.addFirst(judgement);
        while (d.size() > window) {
            d.removeLast();
        }
    }

    @Override
    public synchronized List<ErrorBudget.Judgement> judgements(String tenant) {
        return List.copyOf(judgements.getOrDefault(tenant, new ArrayDeque<>()));
    }

    @Override
    public void forEachEntry(Consumer<CacheEntry> action) {
        List<CacheEntry> live;
        synchronized (this) {
            long now = System.currentTimeMillis();
            live = byId.values().stream().filter(e -> !e.expired(now)).toList();
        }
        live.forEach(action); // outside the lock: the action may remove an entry
    }

    @Override
    public void listen(ChangeListener listener) {
        // one process, one index: nothing to sync
    }

    @Override
    public void close() {
    }
}
