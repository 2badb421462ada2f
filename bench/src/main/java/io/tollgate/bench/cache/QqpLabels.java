package io.tollgate.bench.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * What QQP as a whole knows about two questions, used only to score a served entry (never to train or to decide):
 * QQP reuses questions across pairs, so a lookup may be served another pair's question that is the very same text or
 * a labelled duplicate of the query. Same normalised text, or the same cluster of label-1 pairs (Quora merges
 * duplicates, so duplication is transitive): correct. Anything else, including pairs QQP never labelled: wrong
 * (conservative).
 */
final class QqpLabels {
    private static final Path QQP = EvalData.DATASETS.resolve("cache/qqp/qqp_pairs.tsv.gz");
    private final Map<String, String> parent = new HashMap<>();
    private final Set<String> nonDuplicates = new HashSet<>();

    static QqpLabels load() throws Exception {
        QqpLabels l = new QqpLabels();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(QQP)), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    if ("1".equals(f[3])) {
                        l.union(norm(f[1]), norm(f[2]));
                    } else {
                        l.nonDuplicates.add(norm(f[1]) + "\t" + norm(f[2]));
                        l.nonDuplicates.add(norm(f[2]) + "\t" + norm(f[1]));
                    }
                }
            }
        }
        return l;
    }

    /** True when QQP says (directly, by identity or through its duplicate clusters) that the two ask the same thing. */
    boolean same(String a, String b) {
        String x = norm(a);
        String y = norm(b);
        if (x.equals(y)) {
            return true;
        }
        if (nonDuplicates.contains(x + "\t" + y)) {
            return false;
        }
        return find(x).equals(find(y));
    }

    static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private String find(String x) {
        String p = parent.getOrDefault(x, x);
        if (p.equals(x)) {
            return x;
        }
        String root = find(p);
        parent.put(x, root);
        return root;
    }

    private void union(String a, String b) {
        String ra = find(a);
        String rb = find(b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }
}
