package io.tollgate.cache.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

/**
 * The vectors of one (tenant, model family). Exhaustive search while small; past {@code annThreshold} live entries a
 * jvector graph (HNSW-style, built incrementally) answers instead. Ordinals are never reused: a deleted entry is
 * marked deleted in the graph and filtered from results; when more than half the ordinals are dead the partition is
 * compacted (rebuilt from its live entries).
 *
 * <p>Locking: every method synchronises on the partition; partitions are independent.
 */
final class PartitionIndex {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    /** Graph degree and build beam: jvector's usual defaults for a few hundred dimensions. */
    private static final int GRAPH_DEGREE = 16;
    private static final int BEAM_WIDTH = 100;

    private record Slot(String entryId, String contextKey, float[] vector, long expiresAtMillis) {
    }

    private final int annThreshold;
    private final List<Slot> slots = new ArrayList<>();
    private final List<VectorFloat<?>> vectors = new ArrayList<>();
    private final Map<String, Integer> ordinalById = new HashMap<>();
    private GraphIndexBuilder graph;
    private int dimension = -1;

    PartitionIndex(int annThreshold) {
        this.annThreshold = annThreshold;
    }

    synchronized void add(String entryId, String contextKey, float[] unitVector, long expiresAtMillis) {
        if (ordinalById.containsKey(entryId)) {
            return; // idempotent: replica sync may deliver our own insert again
        }
        if (dimension < 0) {
            dimension = unitVector.length;
        } else if (dimension != unitVector.length) {
            throw new IllegalArgumentException("vector dimension " + unitVector.length + " != partition dimension " + dimension);
        }
        int ordinal = slots.size();
        slots.add(new Slot(entryId, contextKey, unitVector, expiresAtMillis));
        vectors.add(VTS.createFloatVector(unitVector));
        ordinalById.put(entryId, ordinal);
        if (graph != null) {
            graph.addGraphNode(ordinal, vectors.get(ordinal));
        } else if (ordinalById.size() > annThreshold) {
            buildGraph();
        }
    }

    synchronized boolean remove(String entryId) {
        Integer ordinal = ordinalById.remove(entryId);
        if (ordinal == null) {
            return false;
        }
        slots.set(ordinal, null);
        if (graph != null) {
            graph.markNodeDeleted(ordinal);
        }
        if (slots.size() > 64 && ordinalById.size() * 2 < slots.size()) {
            compact();
        }
        return true;
    }

    synchronized int size() {
        return ordinalById.size();
    }

    /** Removes entries past their expiry and returns how many. */
    synchronized int sweep(long nowMillis) {
        List<String> expired = new ArrayList<>();
        for (Slot s : slots) {
            if (s != null && s.expiresAtMillis() <= nowMillis) {
                expired.add(s.entryId());
            }
        }
        expired.forEach(this::remove);
        return expired.size();
    }

    /**
     * The top {@code k} live, unexpired entries by cosine similarity, best first.
     *
     * @param searchList nodes the graph search keeps while it walks: searching for only the k = 5 asked for found the
     *                   true nearest neighbour 34 % of the time at 20k random vectors (docs/benchmarks.md); a wider list
     *                   costs latency and is then cut to k
     * @param contextKey only entries of this context, or null for all
     */
    synchronized List<Candidate> search(float[] unitQuery, int k, int searchList, String contextKey, long nowMillis) {
        if (ordinalById.isEmpty() || unitQuery.length != dimension) {
            return List.of();
        }
        List<Candidate> out = new ArrayList<>();
        if (graph == null) {
            for (Slot s : slots) {
                if (s != null && s.expiresAtMillis() > nowMillis && (contextKey == null || contextKey.equals(s.contextKey()))) {
                    out.add(new Candidate(s.entryId(), s.contextKey(), dot(unitQuery, s.vector())));
                }
            }
        } else {
            RandomAccessVectorValues ravv = values();
            Bits live = ordinal -> {
                Slot s = ordinal < slots.size() ? slots.get(ordinal) : null;
                return s != null && s.expiresAtMillis() > nowMillis && (contextKey == null || contextKey.equals(s.contextKey()));
            };
            try (GraphSearcher searcher = new GraphSearcher(graph.getGraph())) {
                SearchResult result = searcher.search(
                        DefaultSearchScoreProvider.exact(VTS.createFloatVector(unitQuery), VectorSimilarityFunction.DOT_PRODUCT, ravv),
                        Math.max(k, searchList), live);
                for (SearchResult.NodeScore ns : result.getNodes()) {
                    Slot s = slots.get(ns.node);
                    // jvector's scores are rescaled to [0, 1]; report the true cosine
                    out.add(new Candidate(s.entryId(), s.contextKey(), dot(unitQuery, s.vector())));
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        out.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
        return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
    }

    private RandomAccessVectorValues values() {
        return new RandomAccessVectorValues() {
            @Override
            public int size() {
                return vectors.size();
            }

            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public VectorFloat<?> getVector(int ordinal) {
                return vectors.get(ordinal);
            }

            @Override
            public boolean isValueShared() {
                return false;
            }

            @Override
            public RandomAccessVectorValues copy() {
                return this;
            }
        };
    }

    private void buildGraph() {
        RandomAccessVectorValues ravv = values();
        graph = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT),
                dimension, GRAPH_DEGREE, BEAM_WIDTH, 1.2f, 1.2f, true);
        for (int ordinal = 0; ordinal < slots.size(); ordinal++) {
            graph.addGraphNode(ordinal, vectors.get(ordinal));
            if (slots.get(ordinal) == null) {
                graph.markNodeDeleted(ordinal);
            }
        }
    }

    private void compact() {
        List<Slot> live = slots.stream().filter(s -> s != null).toList();
        slots.clear();
        vectors.clear();
        ordinalById.clear();
        if (graph != null) {
            try {
                graph.close();
            } catch (java.io.IOException ignored) {
                // in-memory builder: nothing to release
            }
            graph = null;
        }
        live.forEach(s -> add(s.entryId(), s.contextKey(), s.vector(), s.expiresAtMillis()));
    }

    static float dot(float[] a, float[] b) {
        float sum = 0f;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
