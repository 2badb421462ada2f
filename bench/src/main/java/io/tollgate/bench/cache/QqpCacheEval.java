package io.tollgate.bench.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.tollgate.cache.index.Candidate;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.service.SemanticGuard;

/**
 * Semantic-cache quality on Quora Question Pairs (the GPTCache benchmark subset, read in place from
 * /work/shared/datasets/cache/qqp, never copied). Fills one partition of the cache's own {@link SemanticIndex} with
 * side A of the first N pairs, queries with side B, and prints, per threshold, the hit rate on true duplicates (served
 * the pair's own A) and the false-hit rate on non-duplicates (served anything), for a plain cosine threshold and for
 * the guarded policy (best of the top 5 above the threshold that {@link SemanticGuard} accepts).
 *
 * <p>Run: {@code ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.cache.QqpCacheEval -Dexec.args="2000"}
 */
public final class QqpCacheEval {
    private static final Path DATA = Path.of("/work/shared/datasets/cache/qqp/qqp_pairs.tsv.gz");
    private static final double[] THRESHOLDS = {0.70, 0.75, 0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96};

    private record Pair(String a, String b, boolean duplicate) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Pair> pairs = load(n);
        AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        SemanticIndex index = new SemanticIndex(2000);
        long far = System.currentTimeMillis() + 86_400_000L;
        long t0 = System.nanoTime();
        for (int i = 0; i < pairs.size(); i++) {
            index.add("eval", "qqp", Integer.toString(i), "ctx", model.embed(pairs.get(i).a()).content().vector(), far);
        }
        List<List<Candidate>> results = new ArrayList<>();
        for (Pair p : pairs) {
            results.add(index.search("eval", "qqp", model.embed(p.b()).content().vector(), 5));
        }
        long duplicates = pairs.stream().filter(Pair::duplicate).count();
        System.out.printf("pairs=%d duplicates=%d non-duplicates=%d embed+search %.1f s (all-MiniLM-L6-v2-q, index %s)%n",
                pairs.size(), duplicates, pairs.size() - duplicates, (System.nanoTime() - t0) / 1e9,
                pairs.size() > 2000 ? "jvector graph" : "exhaustive");
        System.out.println("threshold | plain: dup-hit  false-hit(non-dup)  wrong-entry(dup) | guarded: dup-hit  false-hit(non-dup)  wrong-entry(dup)");
        SemanticGuard guard = new SemanticGuard();
        for (double t : THRESHOLDS) {
            int[] plain = new int[3];
            int[] guarded = new int[3];
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                score(plain, p, i, serve(results.get(i), t, null, null, pairs));
                score(guarded, p, i, serve(results.get(i), t, guard, p.b(), pairs));
            }
            System.out.printf("  %.2f    |        %5.1f%%   %5.1f%%              %5.1f%%            |          %5.1f%%   %5.1f%%              %5.1f%%%n", t,
                    pct(plain[0], duplicates), pct(plain[1], pairs.size() - duplicates), pct(plain[2], duplicates),
                    pct(guarded[0], duplicates), pct(guarded[1], pairs.size() - duplicates), pct(guarded[2], duplicates));
        }
    }

    /** The served entry index, or -1 for a miss. */
    private static int serve(List<Candidate> candidates, double threshold, SemanticGuard guard, String query, List<Pair> pairs) {
        for (Candidate c : candidates) {
            if (c.similarity() < threshold) {
                return -1;
            }
            int entry = Integer.parseInt(c.entryId());
            if (guard == null || guard.check(query, pairs.get(entry).a()).isEmpty()) {
                return entry;
            }
        }
        return -1;
    }

    private static void score(int[] counts, Pair p, int i, int served) {
        if (served < 0) {
            return;
        }
        if (p.duplicate() && served == i) {
            counts[0]++;
        } else if (!p.duplicate()) {
            counts[1]++;
        } else {
            counts[2]++;
        }
    }

    private static double pct(long x, long of) {
        return of == 0 ? 0 : 100.0 * x / of;
    }

    private static List<Pair> load(int n) throws Exception {
        List<Pair> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(DATA)), StandardCharsets.UTF_8))) {
            r.readLine(); // header: pair_id, text_a, text_b, label
            String line;
            while (out.size() < n && (line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    out.add(new Pair(f[1], f[2], "1".equals(f[3])));
                }
            }
        }
        return out;
    }
}
