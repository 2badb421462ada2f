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

    /** The service's default search list (see {@code tollgate.cache.search-list}). */
    public static final int DEFAULT_SEARCH_LIST = 32;

    private final int annThreshold;
    private final int searchList;
    private final Map<Partition, PartitionIndex> partitions = new ConcurrentHashMap<>();

    public SemanticIndex(int annThreshold) {
        this(annThreshold, DEFAULT_SEARCH_LIST);
    }

    /** @param searchList nodes a graph search keeps while it walks, at least the k asked for */
    public SemanticIndex(int annThreshold, int searchList) {
        if (searchList < 1) {
            throw new IllegalArgumentException("search list must be >= 1, was " + searchList);
        }
        this.annThreshold = annThreshold;
        this.searchList = searchList;
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
        return search(tenant, family, query, k, searchList);
    }

    /** As {@link #search(String, String, float[], int)} with another search list (benchmarks sweep it). */
    public List<Candidate> search(String tenant, String family, float[] query, int k, int searchList) {
        PartitionIndex p = partitions.get(new Partition(tenant, family));
        return p == null ? List.of() : p.search(normalise(query), k, searchList, null, System.currentTimeMillis());
    }

    /**
     * The top {@code k} among entries of one context only (the filter runs inside the graph search): the same
     * question stored under many system prompts must not fill the k candidates with entries of other contexts,
     * which could never be served, and push out the one that could.
     */
    public List<Candidate> search(String tenant, String family, float[] query, int k, String contextKey) {
        PartitionIndex p = partitions.get(new Partition(tenant, family));
        return p == null ? List.of() : p.search(normalise(query), k, searchList, contextKey, System.currentTimeMillis());
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
