package io.tollgate.bench.cache;

import io.tollgate.cache.service.GuardFeatures;

/**
 * Inputs of the pair model: the lexical features ({@link GuardFeatures#vector()}, cosine first), then per embedding
 * dimension the product {@code u[i] * v[i]} (their sum is the cosine: the model may weigh dimensions) and the
 * absolute difference {@code |u[i] - v[i]|} (InferSent's pair features).
 */
final class PairFeatures {
    private PairFeatures() {
    }

    static double[] of(String query, String cached, float[] u, float[] v) {
        return of(GuardFeatures.of(query, cached, cosine(u, v)).vector(), u, v);
    }

    static double[] of(double[] lexical, float[] u, float[] v) {
        double[] x = new double[lexical.length + 2 * u.length];
        System.arraycopy(lexical, 0, x, 0, lexical.length);
        double nu = norm(u);
        double nv = norm(v);
        for (int i = 0; i < u.length; i++) {
            double a = u[i] / nu;
            double b = v[i] / nv;
            x[lexical.length + i] = a * b;
            x[lexical.length + u.length + i] = Math.abs(a - b);
        }
        return x;
    }

    private static double cosine(float[] u, float[] v) {
        double dot = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * v[i];
        }
        return dot / (norm(u) * norm(v));
    }

    private static double norm(float[] u) {
        double s = 0;
        for (float f : u) {
            s += f * f;
        }
        return Math.sqrt(s);
    }
}
