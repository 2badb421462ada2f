package io.tollgate.bench.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The evaluation data, read in place from /work/shared/datasets (never copied into the repository): QQP split into
 * train / validation / test by pair id, STS-B and GPTCache's paraphrase pairs.
 *
 * <p>Split: a 64-bit mix of the pair id, modulo 10: 0-5 train, 6-7 validation, 8-9 test. Deterministic, independent
 * of file order and of how many pairs are taken. Each split is then capped (first pairs in file order) to keep a run
 * within minutes on 2 cores. A question may appear in pairs of two splits (QQP reuses questions); the policy learns
 * only from generic features (cosine, word overlaps), not from the texts, so this cannot leak labels.
 */
final class EvalData {
    static final Path DATASETS = Path.of(System.getProperty("tollgate.datasets", "/work/shared/datasets"));
    private static final Path QQP = DATASETS.resolve("cache/qqp/qqp_pairs.tsv.gz");
    private static final Path PARAPHRASES = DATASETS.resolve("cache/qqp/gptcache_paraphrase_pairs.json");
    private static final Path STSB = DATASETS.resolve("cache/stsb/sts-test.csv");

    enum Split { TRAIN, VALIDATION, TEST }

    /** A labelled pair: {@code duplicate} = same question (QQP label 1, STS-B score >= 4, every paraphrase pair). */
    record Pair(long id, String a, String b, boolean duplicate) {
    }

    private EvalData() {
    }

    static Split splitOf(long pairId) {
        long h = pairId * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        int bucket = (int) Long.remainderUnsigned(h, 10);
        return bucket < 6 ? Split.TRAIN : bucket < 8 ? Split.VALIDATION : Split.TEST;
    }

    static List<Pair> qqp(Split split, int cap) throws Exception {
        List<Pair> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(QQP)), StandardCharsets.UTF_8))) {
            r.readLine(); // header: pair_id, text_a, text_b, label
            String line;
            while (out.size() < cap && (line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length == 4 && !f[1].isBlank() && !f[2].isBlank()) {
                    long id = Long.parseLong(f[0]);
                    if (splitOf(id) == split) {
                        out.add(new Pair(id, f[1], f[2], "1".equals(f[3])));
                    }
                }
            }
        }
        return out;
    }

    /** STS-B test part: duplicate when the graded score is at least 4 ("mostly equivalent"), else not. */
    static List<Pair> stsb() throws Exception {
        List<Pair> out = new ArrayList<>();
        long id = 0;
        for (String line : Files.readAllLines(STSB, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f.length >= 7) {
                out.add(new Pair(id++, f[5], f[6], Double.parseDouble(f[4]) >= 4.0));
            }
        }
        return out;
    }

    /** GPTCache's 999 synthetic paraphrase pairs (all positive); a tiny reader for the file's fixed two-key shape. */
    static List<Pair> paraphrases() throws Exception {
        String json = Files.readString(PARAPHRASES, StandardCharsets.UTF_8);
        List<Pair> out = new ArrayList<>();
        int at = 0;
        long id = 0;
        while ((at = json.indexOf("\"origin\"", at)) >= 0) {
            int[] end = new int[1];
            String origin = string(json, json.indexOf('"', json.indexOf(':', at + 8)), end);
            String similar = string(json, json.indexOf('"', json.indexOf(':', json.indexOf("\"similar\"", end[0]) + 9)), end);
            out.add(new Pair(id++, origin, similar, true));
            at = end[0];
        }
        return out;
    }

    /** The JSON string starting at the quote {@code open}; its end (after the closing quote) goes to {@code end[0]}. */
    private static String string(String json, int open, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = open + 1;
        while (json.charAt(i) != '"') {
            char c = json.charAt(i++);
            if (c == '\\') {
                char e = json.charAt(i++);
                if (e == 'u') {
                    sb.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                    i += 4;
                } else {
                    sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                }
            } else {
                sb.append(c);
            }
        }
        end[0] = i + 1;
        return sb.toString();
    }
}
