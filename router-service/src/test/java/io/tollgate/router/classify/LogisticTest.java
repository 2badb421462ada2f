package io.tollgate.router.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogisticTest {
    private static final List<double[]> XS = List.of(new double[] { 1, 0 }, new double[] { 0.9, 0.1 },
            new double[] { 0, 1 }, new double[] { 0.1, 0.9 });

    @Test
    void learnsASeparableProblemAndIsDeterministic() {
        int[] ys = { 1, 1, 0, 0 };
        double[] w = Logistic.trainBinary(XS, ys, 500, 1.0, 0.0);
        assertTrue(Logistic.sigmoid(Logistic.dot(w, new double[] { 1, 0 })) > 0.8);
        assertTrue(Logistic.sigmoid(Logistic.dot(w, new double[] { 0, 1 })) < 0.2);
        assertArrayEquals(w, Logistic.trainBinary(XS, ys, 500, 1.0, 0.0));
    }

    @Test
    void softmaxPicksTheRightClass() {
        double[][] w = Logistic.trainSoftmax(XS, new int[] { 0, 0, 1, 1 }, 2, 500, 1.0, 0.0);
        double[] p = Logistic.softmax(w, new double[] { 0, 1 });
        assertTrue(p[1] > 0.8);
        assertEquals(1.0, p[0] + p[1], 1e-9);
    }

    @Test
    void heuristicsSpotCodeAndMultipleChoice() {
        assertEquals("code", Heuristics.classify("Write a python function that sorts a list").intent());
        assertEquals("reasoning", Heuristics.classify("Which of the following is a mammal?\nA) cat\nB) fish").intent());
    }
}
