package io.tollgate.cache.service;

import java.util.List;

/**
 * Turns a tenant's error budget (the share of served semantic hits allowed to be wrong) and the judgements its users
 * sent back into a similarity threshold: the lowest threshold at which the served hits judged so far are, with 95 %
 * confidence, wrong no more often than the budget (one-sided Wilson upper bound). Where no threshold is proven yet the
 * configured one stays. Feedback only ever arrives for hits that were served, so a threshold learned from it could
 * never go down; when the proven threshold has no judgements below it and its bound is under half the budget, the
 * threshold steps one grid step down (bounded exploration: the new band's hits are judged in turn, and the next
 * judgements lift the threshold back if they overspend).
 *
 * <p>vCache (Schroeder et al., 2025) learns a threshold per entry from the correctness of its hits with a bound on
 * the error; this keeps its per-entry part (a wrong hit raises that entry's own floor, {@link CacheEngine#feedback})
 * and adds the per-tenant budget that turns the guarantee into one knob a tenant sets.
 */
public final class ErrorBudget {
    /** The thresholds considered, in steps of {@link #STEP}. */
    static final double STEP = 0.005;
    static final double LOWEST = 0.80;
    static final double HIGHEST = 0.995;
    /** One-sided 95 %. */
    private static final double Z = 1.645;

    /** One judgement of a served semantic hit. */
    public record Judgement(double similarity, boolean correct) {
    }

    /** The threshold and where it came from; {@code observations} = judgements it rests on. */
    public record Threshold(double value, String source, int observations) {
    }

    private ErrorBudget() {
    }

    /**
     * @param budget          allowed share of wrong served hits, in (0, 1)
     * @param minObservations judgements needed at a threshold before it counts as proven
     * @param fallback        the threshold while nothing is proven
     */
    public static Threshold threshold(List<Judgement> judgements, double budget, int minObservations, double fallback) {
        if (judgements.isEmpty()) {
            return new Threshold(fallback, "tenant", 0);
        }
        double lowestJudged = Double.POSITIVE_INFINITY;
        double highestWrong = Double.NEGATIVE_INFINITY;
        for (Judgement j : judgements) {
            lowestJudged = Math.min(lowestJudged, j.similarity());
            if (!j.correct()) {
                highestWrong = Math.max(highestWrong, j.similarity());
            }
        }
        // never below the judged range: nothing is known of the hits there (one exploring step at most, below)
        int lowestStep = Math.max(0, (int) Math.floor((lowestJudged - LOWEST) / STEP + 1e-9));
        int highestStep = (int) Math.round((HIGHEST - LOWEST) / STEP);
        double proven = Double.NaN;
        double provenBound = 1;
        int provenN = 0;
        for (int s = highestStep; s >= Math.min(lowestStep, highestStep); s--) {
            double t = LOWEST + s * STEP;
            int n = 0;
            int wrong = 0;
            for (Judgement j : judgements) {
                if (j.similarity() >= t - 1e-9) {
                    n++;
                    wrong += j.correct() ? 0 : 1;
                }
            }
            if (n >= minObservations && wilsonUpper(wrong, n) <= budget) {
                proven = t;
                provenBound = wilsonUpper(wrong, n);
                provenN = n;
            }
        }
        if (Double.isNaN(proven)) {
            if (judgements.size() >= minObservations && highestWrong > Double.NEGATIVE_INFINITY) {
                // enough judged, none within budget: just above the highest similarity judged wrong
                return new Threshold(Math.max(fallback, Math.min(1.0, highestWrong + STEP)), "error-budget", judgements.size());
            }
            return new Threshold(fallback, "tenant", judgements.size());
        }
        boolean atTheEdge = proven <= LOWEST + lowestStep * STEP + 1e-9;
        if (atTheEdge && provenBound <= budget / 2 && proven - STEP >= LOWEST - 1e-9) {
            return new Threshold(proven - STEP, "error-budget", provenN);
        }
        return new Threshold(proven, "error-budget", provenN);
    }

    /** Upper end of the one-sided Wilson score interval for {@code wrong} of {@code n}. */
    static double wilsonUpper(int wrong, int n) {
        double p = (double) wrong / n;
        double z2 = Z * Z;
        double centre = p + z2 / (2 * n);
        double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (centre + spread) / (1 + z2 / n);
    }
}
