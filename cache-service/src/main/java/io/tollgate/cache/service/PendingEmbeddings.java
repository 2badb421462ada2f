package io.tollgate.cache.service;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embeddings computed by lookups, kept briefly so that the Store of the same request reuses them instead of
 * embedding twice. Keyed by tenant, request id and the embedded text (a Store for another text embeds afresh).
 * Bounded (oldest dropped first) and short-lived; synchronised.
 */
final class PendingEmbeddings {
    private record Key(String tenant, String requestId, String text) {
    }

    private record Pending(float[] vector, long expiresAtNanos) {
    }

    private final int max;
    private final long ttlNanos;
    private final LinkedHashMap<Key, Pending> map = new LinkedHashMap<>();

    PendingEmbeddings(int max, Duration ttl) {
        this.max = max;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized void put(String tenant, String requestId, String text, float[] vector) {
        if (requestId == null || requestId.isEmpty() || max <= 0) {
            return;
        }
        long now = System.nanoTime();
        map.put(new Key(tenant, requestId, text), new Pending(vector, now + ttlNanos));
        Iterator<Map.Entry<Key, Pending>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Pending> oldest = it.next();
            if (map.size() > max || oldest.getValue().expiresAtNanos() <= now) {
                it.remove();
            } else {
                break;
            }
        }
    }

    /** Removes and returns the embedding, or null when none is pending or it has expired. */
    synchronized float[] take(String tenant, String requestId, String text) {
        Pending p = map.remove(new Key(tenant, requestId, text));
        return p == null || p.expiresAtNanos() <= System.nanoTime() ? null : p.vector();
    }

    synchronized int size() {
        return map.size();
    }
}
