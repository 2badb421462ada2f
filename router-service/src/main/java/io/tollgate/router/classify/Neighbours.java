package io.tollgate.router.classify;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k nearest training prompts (cosine over L2-normalised embeddings) and, per model, whether it answered each one. A
 * model's success estimate is its hit rate among the k neighbours, shrunk towards a prior with weight {@code alpha}
 * ({@code (hits + alpha * prior) / (k + alpha)}), so a small k cannot swing it to 0 or 1. Vectors are stored as int8
 * (x * scale rounded), which keeps a few thousand prompts under a megabyte; the rounding moves cosines by ~1e-3.
 */
public record Neighbours(int k, double alpha, double scale, int dims, byte[] vectors, Map<String, boolean[]> outcomes) {

    public Neighbours {
        int n = dims == 0 ? 0 : vectors.length / dims;
        if (k < 1 || alpha < 0 || dims < 1 || vectors.length != n * dims || n < k) {
            throw new IllegalArgumentException("neighbours: need k >= 1, alpha >= 0, dims >= 1 and at least k vectors of dims"
                    + " values (k=" + k + ", dims=" + dims + ", values=" + vectors.length + ")");
        }
        for (Map.Entry<String, boolean[]> e : outcomes.entrySet()) {
            if (e.getValue().length != n) {
                throw new IllegalArgumentException("neighbours: model " + e.getKey() + " has " + e.getValue().length
                        + " outcomes for " + n + " vectors");
            }
        }
    }

    public int size() {
        return vectors.length / dims;
    }

    /** Quantises L2-normalised vectors: the largest absolute component maps to 127. */
    public static Neighbours of(int k, double alpha, List<double[]> xs, Map<String, boolean[]> outcomes) {
        int dims = xs.get(0).length;
        double max = 1e-9;
        for (double[] x : xs) {
            for (double v : x) {
                max = Math.max(max, Math.abs(v));
            }
        }
        double scale = 127 / max;
        byte[] q = new byte[xs.size() * dims];
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < dims; j++) {
                q[i * dims + j] = (byte) Math.round(xs.get(i)[j] * scale);
            }
        }
        return new Neighbours(k, alpha, scale, dims, q, outcomes);
    }

    /** Indices of the k most similar stored vectors; ties go to the lower index, so results are deterministic. */
    public int[] nearest(double[] x) {
        int n = size();
        double[] sim = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int base = i * dims;
            for (int j = 0; j < dims; j++) {
                s += vectors[base + j] * x[j];
            }
            sim[i] = s;
        }
        // bounded insertion: O(n k), no boxing; strict > keeps the lower index first on ties
        int[] out = new int[k];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            if (filled == k && sim[i] <= sim[out[k - 1]]) {
                continue;
            }
            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && sim[i] > sim[out[pos - 1]]) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = i;
        }
        return out;
    }

    /** Per model: (hits among the neighbours + alpha * prior) / (k + alpha). Models without outcomes keep their prior. */
    public Map<String, Double> estimate(double[] x, Map<String, Double> prior) {
        int[] near = nearest(x);
        Map<String, Double> out = new LinkedHashMap<>();
        prior.forEach((model, p) -> {
            boolean[] hit = outcomes.get(model);
            if (hit == null) {
                out.put(model, p);
                return;
            }
            int hits = 0;
            for (int i : near) {
                hits += hit[i] ? 1 : 0;
            }
            out.put(model, (hits + alpha * p) / (k + alpha));
        });
        return out;
    }

    static String encode(boolean[] bits) {
        byte[] b = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                b[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return Base64.getEncoder().encodeToString(b);
    }

    static boolean[] decode(String s, int n) {
        byte[] b = Base64.getDecoder().decode(s);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = (b[i / 8] >> (i % 8) & 1) == 1;
        }
        return out;
    }
}
