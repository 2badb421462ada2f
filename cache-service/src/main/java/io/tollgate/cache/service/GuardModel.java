package io.tollgate.cache.service;

/**
 * Logistic model of "the cached prompt asks the same thing as the query", over {@link GuardFeatures#vector()}.
 * Weights trained on the QQP train split by {@code bench/.../QqpCacheEval} (which prints them) and checked on the
 * validation split; the operating point ({@code tollgate.cache.min-confidence}) was chosen there, the figures are on
 * the test split: docs/cache-evaluation.md.
 */
public final class GuardModel {
    /** Bias, then one weight per feature: cosine, content Jaccard, substitutions, additions, question-word mismatch, length ratio. */
    static final double[] WEIGHTS = {-14.2715, 16.8204, 0.6995, 0.7266, 0.2481, 0.0988, -1.1677};

    private GuardModel() {
    }

    public static double[] weights() {
        return WEIGHTS.clone();
    }

    /** The model's probability that the pair asks the same thing, in [0, 1]. */
    public static double confidence(GuardFeatures f) {
        return confidence(f.vector(), WEIGHTS);
    }

    public static double confidence(double[] x, double[] weights) {
        double z = weights[0];
        for (int i = 0; i < x.length; i++) {
            z += weights[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
