package io.tollgate.router.classify;

import java.util.List;

/**
 * Logistic and softmax regression trained by full-batch gradient descent with L2 regularisation. Deterministic: the
 * weights start at zero and the data order does not matter, so the same data always give the same model.
 */
public final class Logistic {
    private Logistic() {
    }

    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** w·x + bias, with the bias stored as w's last element. */
    public static double dot(double[] w, double[] x) {
        double s = w[x.length];
        for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i];
        }
        return s;
    }

    public static double[] softmax(double[][] w, double[] x) {
        double[] z = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            z[k] = dot(w[k], x);
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** Binary logistic regression on labels 0/1. */
    public static double[] trainBinary(List<double[]> xs, int[] ys, int epochs, double rate, double l2) {
        int d = xs.get(0).length;
        double[] w = new double[d + 1];
        double[] grad = new double[d + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Arrays.fill(grad, 0);
            for (int n = 0; n < xs.size(); n++) {
                double[] x = xs.get(n);
                double err = sigmoid(dot(w, x)) - ys[n];
                for (int i = 0; i < d; i++) {
                    grad[i] += err * x[i];
                }
                grad[d] += err;
            }
            for (int i = 0; i <= d; i++) {
                double reg = i < d ? l2 * w[i] : 0;
                w[i] -= rate * (grad[i] / xs.size() + reg);
            }
        }
        return w;
    }

    /** Softmax regression on class indices 0..k-1. */
    public static double[][] trainSoftmax(List<double[]> xs, int[] ys, int k, int epochs, double rate, double l2) {
        int d = xs.get(0).length;
        double[][] w = new double[k][d + 1];
        double[][] grad = new double[k][d + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (double[] g : grad) {
                java.util.Arrays.fill(g, 0);
            }
            for (int n = 0; n < xs.size(); n++) {
                double[] x = xs.get(n);
                double[] p = softmax(w, x);
                for (int c = 0; c < k; c++) {
                    double err = p[c] - (ys[n] == c ? 1 : 0);
                    for (int i = 0; i < d; i++) {
                        grad[c][i] += err * x[i];
                    }
                    grad[c][d] += err;
                }
            }
            for (int c = 0; c < k; c++) {
                for (int i = 0; i <= d; i++) {
                    double reg = i < d ? l2 * w[c][i] : 0;
                    w[c][i] -= rate * (grad[c][i] / xs.size() + reg);
                }
            }
        }
        return w;
    }
}
