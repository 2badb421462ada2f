package io.tollgate.bench.cache;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A binary classifier over standardised inputs: logistic regression ({@code hidden = 0}) or one ReLU hidden layer,
 * trained by Adam on the log loss with an L2 penalty, mini-batches of 128.
 */
final class PairNet {
    private final double[] mean;
    private final double[] sd;
    private final int hidden;
    /** hidden = 0: w1 is [d + 1] (bias last). Else w1 is hidden x (d + 1) row-major, w2 is [hidden + 1]. */
    private final double[] w1;
    private final double[] w2;

    private PairNet(double[] mean, double[] sd, int hidden, double[] w1, double[] w2) {
        this.mean = mean;
        this.sd = sd;
        this.hidden = hidden;
        this.w1 = w1;
        this.w2 = w2;
    }

    static PairNet train(List<double[]> xs, List<Integer> ys, int hidden, double l2, int epochs, SplittableRandom rnd) {
        int n = xs.size();
        int d = xs.get(0).length;
        double[][] moments = GuardTrainer.moments(xs);
        double[] mean = moments[0];
        double[] sd = moments[1];
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(xs.get(i), mean, sd);
        }
        double[] w1 = new double[hidden == 0 ? d + 1 : hidden * (d + 1)];
        double[] w2 = new double[hidden + 1];
        if (hidden > 0) {
            double scale = Math.sqrt(2.0 / d);
            for (int i = 0; i < w1.length; i++) {
                w1[i] = (i % (d + 1) == d) ? 0 : gaussian(rnd) * scale;
            }
            for (int i = 0; i < hidden; i++) {
                w2[i] = gaussian(rnd) * Math.sqrt(1.0 / hidden);
            }
        }
        PairNet net = new PairNet(mean, sd, hidden, w1, w2);
        Adam a1 = new Adam(w1.length);
        Adam a2 = new Adam(w2.length);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int batch = 128;
        double[] h = new double[Math.max(1, hidden)];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double loss = 0;
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                double[] g1 = new double[w1.length];
                double[] g2 = new double[w2.length];
                for (int k = start; k < end; k++) {
                    double[] x = z[order[k]];
                    int y = ys.get(order[k]);
                    double p = net.forward(x, h);
                    loss -= y == 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
                    double err = p - y;
                    if (hidden == 0) {
                        for (int j = 0; j < d; j++) {
                            g1[j] += err * x[j];
                        }
                        g1[d] += err;
                    } else {
                        for (int u = 0; u < hidden; u++) {
                            g2[u] += err * h[u];
                            if (h[u] > 0) {
                                double back = err * w2[u];
                                int off = u * (d + 1);
                                for (int j = 0; j < d; j++) {
                                    g1[off + j] += back * x[j];
                                }
                                g1[off + d] += back;
                            }
                        }
                        g2[hidden] += err;
                    }
                }
                int m = end - start;
                for (int j = 0; j < g1.length; j++) {
                    g1[j] = g1[j] / m + ((hidden == 0 && j == d) || (hidden > 0 && j % (d + 1) == d) ? 0 : l2 * w1[j]);
                }
                for (int j = 0; j < g2.length; j++) {
                    g2[j] = g2[j] / m + (j == hidden ? 0 : l2 * w2[j]);
                }
                a1.step(w1, g1);
                a2.step(w2, g2);
            }
            if (epoch == epochs - 1 || epoch % 10 == 0) {
                System.out.printf("  epoch %d: mean log loss %.4f%n", epoch, loss / n);
            }
        }
        return net;
    }

    double score(double[] rawX) {
        return forward(standardise(rawX, mean, sd), new double[Math.max(1, hidden)]);
    }

    private double forward(double[] x, double[] h) {
        int d = x.length;
        double out;
        if (hidden == 0) {
            out = w1[d];
            for (int j = 0; j < d; j++) {
                out += w1[j] * x[j];
            }
        } else {
            out = w2[hidden];
            for (int u = 0; u < hidden; u++) {
                int off = u * (d + 1);
                double s = w1[off + d];
                for (int j = 0; j < d; j++) {
                    s += w1[off + j] * x[j];
                }
                h[u] = Math.max(0, s);
                out += w2[u] * h[u];
            }
        }
        return 1 / (1 + Math.exp(-out));
    }

    private static double[] standardise(double[] x, double[] mean, double[] sd) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** Adam with the usual constants and a step of 1e-3. */
    private static final class Adam {
        private final double[] m;
        private final double[] v;
        private int t;

        Adam(int size) {
            m = new double[size];
            v = new double[size];
        }

        void step(double[] w, double[] g) {
            t++;
            double b1 = 0.9;
            double b2 = 0.999;
            double c1 = 1 - Math.pow(b1, t);
            double c2 = 1 - Math.pow(b2, t);
            for (int j = 0; j < w.length; j++) {
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                w[j] -= 1e-3 * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8);
            }
        }
    }
}
