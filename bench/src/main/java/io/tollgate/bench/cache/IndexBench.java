package io.tollgate.bench.cache;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.tollgate.cache.index.Candidate;
import io.tollgate.cache.index.SemanticIndex;

/**
 * Latency of the cache's own {@link SemanticIndex} (the jvector graph the service uses past {@code ann-threshold}):
 * build time, lookup p50/p99 without the embedding, recall@1 and latency against exhaustive search in the same run,
 * heap per entry, and a full semantic lookup (fp32 all-MiniLM-L6-v2 embedding + search). Vectors: random unit
 * vectors in 384 dimensions (the worst case for a graph index: every point nearly equidistant); queries are stored
 * vectors plus noise (cosine about 0.9 to their source: a cache hit). With {@code -Dqqp=true}: real data instead, the
 * int8 MiniLM embeddings of n distinct Quora questions (both sides of QQP's pairs), queried with the second
 * questions of duplicate pairs (paraphrases kept out of the index, whose partner is in it: real cache-hit lookups);
 * recall@1 is then against the exhaustive search's top 1 (of the first {@code -DrecallQueries} queries). With
 * {@code -Dreal=100000} and n past it: n - real derived vectors fill the index up to n ({@link #derived}).
 *
 * <p>Run: {@code java -Xmx6g [--add-modules jdk.incubator.vector] [-Dqqp=true] [-DsearchLists=16,32,64] -cp ...
 * io.tollgate.bench.cache.IndexBench 100000 [queries]}
 */
public final class IndexBench {
    private static final int DIM = 384;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        boolean brute = !Boolean.getBoolean("noBrute");
        System.out.printf("n=%d dim=%d queries=%d vector-api=%s java=%s cores=%d maxHeap=%d MiB%n", n, DIM, queries,
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        SplittableRandom rnd = new SplittableRandom(42);
        boolean qqp = Boolean.getBoolean("qqp");
        float[][] vectors = new float[n][];
        float[][] qqpQueries = null;
        if (qqp) {
            int realCount = Math.min(n, Integer.getInteger("real", n));
            float[][][] real = qqpVectors(realCount, queries);
            vectors = realCount == n ? real[0] : derived(real[0], n, rnd);
            qqpQueries = real[1];
        } else {
            for (int i = 0; i < n; i++) {
                vectors[i] = unit(rnd);
            }
        }
        long far = System.currentTimeMillis() + 86_400_000L;
        long before = usedHeap();
        SemanticIndex graph = new SemanticIndex(2000); // the service's default ann-threshold: graph past 2000 entries
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            graph.add("t", "f", "e" + i, "ctx", vectors[i], far);
            if (i > 0 && i % 20_000 == 0) {
                System.out.printf("  built %d in %.1f s%n", i, (System.nanoTime() - t0) / 1e9);
            }
        }
        double buildS = (System.nanoTime() - t0) / 1e9;
        long graphBytes = usedHeap() - before;
        System.out.printf("graph build: %.1f s (%.0f inserts/s); heap %.0f MiB = %d bytes/entry (index incl. ids, copy of vector)%n",
                buildS, n / buildS, graphBytes / 1048576.0, graphBytes / n);

        float[][] qs = new float[queries][];
        int[] source = new int[queries];
        Random r = new Random(7);
        for (int q = 0; q < queries; q++) {
            source[q] = r.nextInt(n);
            qs[q] = qqp ? qqpQueries[q] : noisy(vectors[source[q]], rnd);
        }
        SemanticIndex exhaustive = null;
        if (brute || qqp) {
            exhaustive = new SemanticIndex(Integer.MAX_VALUE);
            for (int i = 0; i < n; i++) {
                exhaustive.add("t", "f", "e" + i, "ctx", vectors[i], far);
            }
        }
        // ground truth and the exhaustive baseline once: the true source (random vectors) or the exhaustive top 1 (QQP)
        // at 1M entries one exhaustive lookup takes about a second: -DrecallQueries bounds how many get a true top 1
        int recallQueries = Math.min(queries, Integer.getInteger("recallQueries", queries));
        String[] truth = new String[queries];
        Histogram hb = new Histogram(3);
        for (int q = 0; q < queries; q++) {
            truth[q] = "e" + source[q];
            if ((qqp && q < recallQueries) || (!qqp && exhaustive != null && q % 4 == 0)) {
                long s = System.nanoTime();
                List<Candidate> exact = exhaustive.search("t", "f", qs[q], 5);
                hb.recordValue((System.nanoTime() - s) / 1000);
                if (qqp) {
                    truth[q] = exact.isEmpty() ? "" : exact.get(0).entryId();
                }
            }
        }
        if (exhaustive != null) {
            System.out.printf("exhaustive lookup (k=5): p50 %d us, p99 %d us%n", hb.getValueAtPercentile(50), hb.getValueAtPercentile(99));
        }
        String lists = System.getProperty("searchLists", Integer.toString(SemanticIndex.DEFAULT_SEARCH_LIST));
        for (String list : lists.split(",")) {
            int searchList = Integer.parseInt(list.trim());
            for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
                Histogram hg = new Histogram(3);
                int recall = 0;
                for (int q = 0; q < queries; q++) {
                    long s = System.nanoTime();
                    List<Candidate> got = graph.search("t", "f", qs[q], 5, searchList);
                    hg.recordValue((System.nanoTime() - s) / 1000);
                    if (q < recallQueries && !got.isEmpty() && got.get(0).entryId().equals(truth[q])) {
                        recall++;
                    }
                }
                if (round == 1) {
                    System.out.printf("graph lookup (k=5, search list %d): p50 %d us, p99 %d us, max %d us; recall@1 of the %s %.3f;"
                            + " speed-up vs exhaustive at p50 %.1fx%n", searchList, hg.getValueAtPercentile(50),
                            hg.getValueAtPercentile(99), hg.getMaxValue(), qqp ? "exhaustive top 1" : "true source",
                            (double) recall / recallQueries, (double) hb.getValueAtPercentile(50) / Math.max(1, hg.getValueAtPercentile(50)));
                }
            }
        }
        if (Boolean.getBoolean("embed")) {
            AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
            String[] texts = {"How do I install Python on Windows?", "What is the best way to learn Java?",
                "Why is the sky blue?", "How can I reset my password?", "What are the side effects of ibuprofen?"};
            Histogram he = new Histogram(3);
            for (int i = 0; i < 300; i++) {
                long s = System.nanoTime();
                float[] v = model.embed(texts[i % texts.length] + " " + (i % 7 == 0 ? "" : "please")).content().vector();
                graph.search("t", "f", v, 5);
                if (i >= 50) {
                    he.recordValue((System.nanoTime() - s) / 1000);
                }
            }
            System.out.printf("full semantic lookup (fp32 embedding in process + graph search): p50 %d us, p99 %d us%n",
                    he.getValueAtPercentile(50), he.getValueAtPercentile(99));
        }
    }

    /** [0]: n distinct indexed questions; [1]: paraphrases of indexed questions, not themselves indexed. */
    private static float[][][] qqpVectors(int n, int queries) throws Exception {
        List<EvalData.Pair> pairs = new java.util.ArrayList<>();
        for (EvalData.Split split : EvalData.Split.values()) {
            pairs.addAll(EvalData.qqp(split, Integer.MAX_VALUE));
        }
        // queries: the second questions of the first duplicate pairs; the index: every other question (both sides)
        java.util.LinkedHashSet<String> asked = new java.util.LinkedHashSet<>();
        for (EvalData.Pair p : pairs) {
            if (p.duplicate() && asked.size() < queries && !p.a().equals(p.b())) {
                asked.add(p.b());
            }
        }
        java.util.LinkedHashSet<String> indexed = new java.util.LinkedHashSet<>();
        for (EvalData.Pair p : pairs) {
            for (String t : new String[] { p.a(), p.b() }) {
                if (indexed.size() < n && !asked.contains(t)) {
                    indexed.add(t);
                }
            }
        }
        if (indexed.size() < n || asked.size() < queries) {
            throw new IllegalStateException("QQP has " + indexed.size() + " questions / " + asked.size() + " queries for n=" + n);
        }
        List<String> all = new java.util.ArrayList<>(indexed);
        all.addAll(asked);
        java.util.Map<String, float[]> e = EmbeddingCache.embed(EmbeddingCache.Model.INT8, "index-" + n, all);
        float[][] v = indexed.stream().map(t -> SemanticIndex.normalise(e.get(t))).toArray(float[][]::new);
        float[][] q = asked.stream().limit(queries).map(t -> SemanticIndex.normalise(e.get(t))).toArray(float[][]::new);
        return new float[][][] { v, q };
    }

    /**
     * {@code real} followed by {@code n - real.length} vectors derived from it, half paraphrase-like (a real vector plus
     * noise, cosine 0.85 to 0.95 to it: a dense neighbourhood around a popular question, the hard case for a graph) and
     * half blends (the normalised sum of two real vectors plus a little noise: new points on the data's manifold).
     * Used where the corpus holds fewer distinct questions than the index size to measure.
     */
    private static float[][] derived(float[][] real, int n, SplittableRandom rnd) {
        float[][] all = java.util.Arrays.copyOf(real, n);
        for (int i = real.length; i < n; i++) {
            float[] a = real[rnd.nextInt(real.length)];
            if (i % 2 == 0) {
                all[i] = noisy(a, 0.35 + 0.3 * rnd.nextDouble(), rnd);
            } else {
                float[] b = real[rnd.nextInt(real.length)];
                float[] sum = new float[DIM];
                for (int d = 0; d < DIM; d++) {
                    sum[d] = a[d] + b[d];
                }
                all[i] = noisy(SemanticIndex.normalise(sum), 0.2, rnd);
            }
        }
        return all;
    }

    private static float[] unit(SplittableRandom rnd) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) gaussian(rnd);
        }
        return SemanticIndex.normalise(v);
    }

    /** The source plus Gaussian noise of about half its length: cosine about 0.9 to the source. */
    private static float[] noisy(float[] src, SplittableRandom rnd) {
        return noisy(src, 0.48, rnd);
    }

    /** The source plus Gaussian noise of length about {@code scale}: cosine about 1 / sqrt(1 + scale^2) to it. */
    private static float[] noisy(float[] src, double scale, SplittableRandom rnd) {
        float[] v = new float[DIM];
        double sigma = scale / Math.sqrt(DIM);
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (src[i] + sigma * gaussian(rnd));
        }
        return SemanticIndex.normalise(v);
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
