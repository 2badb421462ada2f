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
    /** Label-0 pairs lifted to their duplicate clusters (roots), filled once all label-1 pairs are merged. */
    private final Set<String> nonDuplicateClusters = new HashSet<>();

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
        for (String pair : l.nonDuplicates) {
            String[] xy = pair.split("\t", 2);
            l.nonDuplicateClusters.add(l.find(xy[0]) + "\t" + l.find(xy[1]));
        }
        return l;
    }

    /**
     * What QQP says of two questions: TRUE same question (identical, or one duplicate cluster), FALSE labelled
     * different (a label-0 pair between their clusters), null never judged.
     */
    Boolean judge(String a, String b) {
        String x = norm(a);
        String y = norm(b);
        if (x.equals(y)) {
            return Boolean.TRUE;
        }
        if (nonDuplicates.contains(x + "\t" + y)) {
            return Boolean.FALSE;
        }
        String rx = find(x);
        String ry = find(y);
        if (rx.equals(ry)) {
            return Boolean.TRUE;
        }
        return nonDuplicateClusters.contains(rx + "\t" + ry) ? Boolean.FALSE : null;
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
