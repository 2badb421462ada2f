package io.tollgate.cache.index;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process nearest-neighbour index of one cache-service replica: one independent {@link PartitionIndex} per
 * (tenant, model family). Tenants are a hard partition: a search only ever sees its own tenant's partition.
 * Thread-safe.
 */
public final class SemanticIndex {
    private record Partition(String tenant, String family) {
    }

    private final int annThreshold;
    private final Map<Partition, PartitionIndex> partitions = new ConcurrentHashMap<>();

    public SemanticIndex(int annThreshold) {
        this.annThreshold = annThreshold;
    }

    /** Adds a vector; it is normalised to unit length here so that a dot product is the cosine. */
    public void add(String tenant, String family, String entryId, String contextKey, float[] vector, long expiresAtMillis) {
        partitions.computeIfAbsent(new Partition(tenant, family), p -> new PartitionIndex(annThreshold))
                .add(entryId, contextKey, normalise(vector), expiresAtMillis);
    }

    public boolean remove(String tenant, String family, String entryId) {
        PartitionIndex p = partitions.get(new Partition(tenant, family));
        return p != null && p.remove(entryId);
    }

    public List<Candidate> search(String tenant, String family, float[] query, int k) {
        PartitionIndex p = partitions.get(new Partition(tenant, family));
        return p == null ? List.of() : p.search(normalise(query), k, System.currentTimeMillis());
    }

    /** Drops expired entries from every partition; returns how many. */
    public int sweep() {
        long now = System.currentTimeMillis();
        return partitions.values().stream().mapToInt(p -> p.sweep(now)).sum();
    }

    public int size(String tenant, String family) {
        PartitionIndex p = partitions.get(new Partition(tenant, family));
        return p == null ? 0 : p.size();
    }

    public static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v.clone();
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
