package io.tollgate.router.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing rule, shared by the router and the offline evaluation: the candidate with the highest value
 * {@code target * p(success) - (1 - target) * cost}, where cost is this request's estimated cost on the model in units
 * of a reference (the dearest model's cost of a typical request). The knob {@code target} weighs quality against
 * cost: 1 = the likeliest model, 0 = the cheapest; in between a dearer model is taken when its extra success
 * probability is worth more than {@code (1 - target) / target} times its extra cost. That is the Lagrangian of "most
 * expected quality within a cost budget": with calibrated probabilities every knob lands on the predictor's
 * cost-quality frontier, and because cost is per request (not per model) a long prompt needs a larger gain before it
 * goes to a dear model. The earlier rule (the cheapest model within a fraction of the best probability) ignored how
 * much dearer the better model was and sat up to 2 points under the per-intent static router
 * (docs/routing-evaluation.md).
 */
public final class Choice {
    private Choice() {
    }

    /**
     * {@code byCost} lists candidate names cheapest first; returns one of them, or null when it is empty. Ties go to the
     * cheaper model. A model without a probability counts as 0; one without a cost as the dearest given (at least 1).
     */
    public static String bestValue(List<String> byCost, Map<String, Double> success, Map<String, Double> cost,
            double target) {
        if (target < 0 || target > 1 || Double.isNaN(target)) {
            throw new IllegalArgumentException("target must be within 0..1, was " + target);
        }
        double unknownCost = Math.max(1, cost.values().stream().mapToDouble(Double::doubleValue).max().orElse(1));
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (String m : byCost) {
            double v = target * success.getOrDefault(m, 0.0) - (1 - target) * cost.getOrDefault(m, unknownCost);
            if (v > bestValue) {
                bestValue = v;
                best = m;
            }
        }
        return best;
    }

    /** Each cost divided by {@code reference} (> 0). */
    public static Map<String, Double> relative(Map<String, Double> cost, double reference) {
        if (!(reference > 0)) {
            throw new IllegalArgumentException("reference cost must be > 0, was " + reference);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        cost.forEach((m, c) -> out.put(m, c / reference));
        return out;
    }
}
