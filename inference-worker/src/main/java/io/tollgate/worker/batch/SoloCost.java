package io.tollgate.worker.batch;

/**
 * What one text costs when it runs alone: the counterfactual behind the batching lever. A least-squares line
 * {@code nanos = a + b * tokens}, fitted online over batches of one text (start-up calibration, then every lone run at
 * low load), exponentially weighted so that it follows the machine (half-life {@link #HALF_LIFE} observations).
 *
 * <p>With fewer than two distinct lengths seen the slope is unknown and the estimate scales the mean cost by length;
 * with nothing seen it is unknown ({@code NaN}) and callers claim no saving. Thread-safe.
 */
public final class SoloCost {
    static final int HALF_LIFE = 200;
    private static final double DECAY = Math.pow(0.5, 1.0 / HALF_LIFE);

    private double w;
    private double sx;
    private double sy;
    private double sxx;
    private double sxy;

    /** Records one lone run of a text of {@code tokens} tokens that took {@code nanos}. */
    public synchronized void observe(int tokens, long nanos) {
        w = w * DECAY + 1;
        sx = sx * DECAY + tokens;
        sy = sy * DECAY + nanos;
        sxx = sxx * DECAY + (double) tokens * tokens;
        sxy = sxy * DECAY + (double) tokens * nanos;
    }

    /** Estimated nanoseconds for a text of {@code tokens} tokens run alone; {@code NaN} before any observation. */
    public synchronized double estimate(int tokens) {
        if (w == 0) {
            return Double.NaN;
        }
        double mx = sx / w;
        double my = sy / w;
        double var = sxx / w - mx * mx;
        if (var < 1.0) {
            return mx > 0 ? my * tokens / mx : my;
        }
        double slope = Math.max(0, (sxy / w - mx * my) / var);
        return Math.max(0, my + slope * (tokens - mx));
    }
}
