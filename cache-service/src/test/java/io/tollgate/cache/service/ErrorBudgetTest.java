package io.tollgate.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.tollgate.cache.service.ErrorBudget.Judgement;
import io.tollgate.cache.service.ErrorBudget.Threshold;

class ErrorBudgetTest {
    private static List<Judgement> uniform(int n, double from, double to, double wrongBelow, long seed) {
        return uniform(n, from, to, wrongBelow, 1.0, 0.0, seed);
    }

    /** n hits served uniformly in [from, to): wrong with probability pBelow under {@code edge}, pAbove over it. */
    private static List<Judgement> uniform(int n, double from, double to, double edge, double pBelow, double pAbove, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Judgement> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double s = from + (to - from) * rnd.nextDouble();
            out.add(new Judgement(s, rnd.nextDouble() >= (s < edge ? pBelow : pAbove)));
        }
        return out;
    }

    @Test
    void withoutJudgementsTheConfiguredThresholdStays() {
        assertEquals(new Threshold(0.97, "tenant", 0), ErrorBudget.threshold(List.of(), 0.02, 30, 0.97));
    }

    @Test
    void tooFewJudgementsProveNothing() {
        Threshold t = ErrorBudget.threshold(uniform(20, 0.97, 0.99, 0, 1), 0.02, 30, 0.97);
        assertEquals("tenant", t.source());
        assertEquals(0.97, t.value(), 1e-9);
    }

    @Test
    void cleanJudgementsLowerTheThresholdOneStepBelowWhatWasJudged() {
        // 400 correct hits served between 0.96 and 0.99: 0.96 is proven (bound 0.7 %), one exploring step below it
        Threshold t = ErrorBudget.threshold(uniform(400, 0.96, 0.99, 0, 2), 0.02, 30, 0.97);
        assertEquals("error-budget", t.source());
        assertEquals(0.955, t.value(), 1e-9);
        assertEquals(400, t.observations());
    }

    @Test
    void theThresholdStaysAboveTheBandWhereHitsWereWrong() {
        // hits below 0.93 were wrong, above right: the lowest threshold within a 5 % budget lies just above 0.93
        Threshold t = ErrorBudget.threshold(uniform(1000, 0.90, 0.99, 0.93, 3), 0.05, 30, 0.97);
        assertEquals("error-budget", t.source());
        assertTrue(t.value() >= 0.925 && t.value() <= 0.94, "threshold " + t.value());
        // half wrong below 0.93, 2 % above: a 5 % budget is met from about 0.93 up, a 1 % budget nowhere
        List<Judgement> noisy = uniform(2000, 0.90, 0.99, 0.93, 0.5, 0.02, 5);
        Threshold loose = ErrorBudget.threshold(noisy, 0.05, 30, 0.97);
        assertTrue(loose.value() >= 0.93 && loose.value() <= 0.95, "threshold " + loose.value());
        Threshold tight = ErrorBudget.threshold(noisy, 0.01, 30, 0.97);
        assertTrue(tight.value() > 0.98, tight + " vs " + loose);
    }

    @Test
    void judgementsAllOverBudgetLiftTheThresholdAboveTheHighestWrongHit() {
        Threshold t = ErrorBudget.threshold(uniform(50, 0.97, 0.98, 1.0, 4), 0.02, 30, 0.97);
        assertEquals("error-budget", t.source());
        assertTrue(t.value() > 0.98 && t.value() <= 1.0, "threshold " + t.value());
    }

    @Test
    void wilsonBoundIsConservative() {
        assertTrue(ErrorBudget.wilsonUpper(0, 100) > 0.02 && ErrorBudget.wilsonUpper(0, 100) < 0.03);
        assertTrue(ErrorBudget.wilsonUpper(5, 100) > 0.05);
    }
}
