package io.tollgate.bench.router;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation set in the shape every policy reads: per prompt its intent, its feature vector (L2-normalised), and
 * per model the recorded 0/1 score and USD cost. Splits are by a hash of the sample id, so they never depend on file
 * order: 20 % test (never used to fit or tune), 20 % validation (tunes the router's settings), 60 % fit.
 */
record RoutingSet(String name, List<String> models, int premium, List<String> intents, List<Item> items) {

    /**
     * {@code chars}: the whole prompt's length, which the router's cost estimate sees before the call;
     * {@code answer}: per model its recorded answer, where the set has them (RouterBench), else null.
     */
    record Item(String id, int intent, int chars, double[] x, double[] score, double[] cost, String[] answer) {
    }

    enum Part { FIT, VALIDATION, TEST }

    static Part part(String sampleId) {
        int bucket = bucket(sampleId);
        return bucket < 20 ? Part.TEST : bucket < 40 ? Part.VALIDATION : Part.FIT;
    }

    /** SHA-256 of the id, first four bytes, mod 100: stable across JVMs and runs. */
    static int bucket(String sampleId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sampleId.getBytes(StandardCharsets.UTF_8));
            int v = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
            return Math.floorMod(v, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Item> of(Part... parts) {
        List<Part> want = List.of(parts);
        List<Item> out = new ArrayList<>();
        for (Item i : items) {
            if (want.contains(part(i.id()))) {
                out.add(i);
            }
        }
        return out;
    }

    int cheapest(List<Item> train) {
        double[] c = meanCost(train);
        int best = 0;
        for (int m = 1; m < c.length; m++) {
            if (c[m] < c[best]) {
                best = m;
            }
        }
        return best;
    }

    double[] meanCost(List<Item> rows) {
        double[] c = new double[models.size()];
        rows.forEach(r -> { for (int m = 0; m < c.length; m++) c[m] += r.cost()[m] / rows.size(); });
        return c;
    }

    /** Per intent, per model: mean score (accuracy) and mean cost on the given rows. */
    double[][] intentMean(List<Item> rows, boolean cost) {
        double[][] sum = new double[intents.size()][models.size()];
        int[] n = new int[intents.size()];
        for (Item r : rows) {
            n[r.intent()]++;
            for (int m = 0; m < models.size(); m++) {
                sum[r.intent()][m] += cost ? r.cost()[m] : r.score()[m];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            for (int m = 0; m < models.size(); m++) {
                sum[i][m] = n[i] == 0 ? 0 : sum[i][m] / n[i];
            }
        }
        return sum;
    }
}
