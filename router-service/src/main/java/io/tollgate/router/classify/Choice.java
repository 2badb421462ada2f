package io.tollgate.router.classify;

import java.util.List;
import java.util.Map;

/**
 * The routing rule, shared by the router and the offline evaluation: the cheapest model whose predicted success is at
 * least {@code target} times the best predicted success among the candidates. Relative, because attainable quality
 * differs per prompt (no model passes 70 % of MBPP): with an absolute target every hard prompt would go to the single
 * likeliest model whatever its price. target 1 = the likeliest model; target 0 = the cheapest.
 */
public final class Choice {
    private Choice() {
    }

    /** {@code byCost} lists candidate names cheapest first; returns one of them, or null when it is empty. */
    public static String cheapestGoodEnough(List<String> byCost, Map<String, Double> success, double target) {
        double best = 0;
        for (String m : byCost) {
            best = Math.max(best, success.getOrDefault(m, 0.0));
        }
        for (String m : byCost) {
            if (success.getOrDefault(m, 0.0) >= target * best) {
                return m;
            }
        }
        return byCost.isEmpty() ? null : byCost.get(byCost.size() - 1);
    }
}
