package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.tollgate.bench.cache.QqpCacheEval.Cand;
import io.tollgate.bench.cache.QqpCacheEval.Prepared;

/**
 * Fits the guard's logistic model on the train split: one row per candidate at or above the cosine floor that the
 * enabled hard rules let through, label 1 when the candidate is a correct hit ({@link QqpCacheEval#rates}).
 * Newton's method (IRLS) on standardised inputs with a small L2 penalty; weights are returned on the raw inputs.
 */
final class GuardTrainer {
    private static final double L2 = 1e-2;
    private static final int ITERATIONS = 25;

    private GuardTrainer() {
    }

    static double[] train(Prepared split, double floor, int[] features) {
        return train(split, floor, features, QqpCacheEval.allRules());
    }

    static double[] train(Prepared split, double floor, int[] features, Set<String> enabledRules) {
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < split.pairs().size(); i++) {
            for (Cand c : split.cands().get(i)) {
                if (c.cosine() >= floor && c.refusals().stream().noneMatch(enabledRules::contains)) {
                    xs.add(select(c.x(), features));
                    ys.add(c.correct() ? 1 : 0);
                }
            }
        }
        int n = xs.size();
        int d = xs.get(0).length;
        double[][] moments = moments(xs);
        double[] mean = moments[0];
        double[] sd = moments[1];
        double[] w = new double[d + 1];
        for (int it = 0; it < ITERATIONS; it++) {
            double[] grad = new double[d + 1];
            double[][] hess = new double[d + 1][d + 1];
            for (int r = 0; r < n; r++) {
                double[] z = standard(xs.get(r), mean, sd);
                double p = sigmoid(dot(w, z));
                for (int a = 0; a <= d; a++) {
                    grad[a] += (p - ys.get(r)) * z[a];
                    for (int b = 0; b <= d; b++) {
                        hess[a][b] += p * (1 - p) * z[a] * z[b];
                    }
                }
            }
            for (int a = 1; a <= d; a++) {
                grad[a] += L2 * w[a];
                hess[a][a] += L2;
            }
            double[] step = solve(hess, grad);
            for (int a = 0; a <= d; a++) {
                w[a] -= step[a];
            }
        }
        // back to raw inputs: w0 + sum wj (x - m)/s
        double[] raw = new double[d + 1];
        raw[0] = w[0];
        for (int j = 0; j < d; j++) {
            raw[j + 1] = w[j + 1] / sd[j];
            raw[0] -= w[j + 1] * mean[j] / sd[j];
        }
        return raw;
    }

    /** The chosen features of a full feature vector (all when {@code features} is null). */
    static double[] select(double[] x, int[] features) {
        if (features == null) {
            return x;
        }
        double[] out = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = x[features[i]];
        }
        return out;
    }

    static String format(double[] w) {
        return IntStream.range(0, w.length).mapToObj(i -> String.format(Locale.ROOT, "%.4f", w[i])).collect(Collectors.joining(", "));
    }

    private static double[] standard(double[] x, double[] mean, double[] sd) {
        double[] z = new double[x.length + 1];
        z[0] = 1;
        for (int j = 0; j < x.length; j++) {
            z[j + 1] = (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting: solves {@code a x = b} for a small dense system. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
            m[i][i] += 1e-9;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }

    /** Per input: {mean, standard deviation (1 where constant)} over the rows, for standardising them. */
    static double[][] moments(List<double[]> xs) {
        int n = xs.size();
        int d = xs.get(0).length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / n;
            }
        }
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] < 1e-12 ? 1 : Math.sqrt(sd[j]);
        }
        return new double[][] {mean, sd};
    }
}
