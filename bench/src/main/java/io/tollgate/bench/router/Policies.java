package io.tollgate.bench.router;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

import io.tollgate.router.classify.Agreement;
import io.tollgate.router.classify.Choice;

/**
 * The routing policies compared, each a function from a prompt to the index of the model it sends the prompt to, and
 * the cost-quality point (mean USD per request, mean 0/1 score) a policy reaches on a list of prompts.
 */
final class Policies {
    /** A policy's mean cost and quality on some prompts. */
    record Point(String name, double cost, double quality) {
    }

    /** A per-model success estimate for one prompt, in RoutingSet.models order. */
    interface Predictor {
        double[] success(RoutingSet.Item item);
    }

    private Policies() {
    }

    /** Caches a predictor's answers per item: one knob sweep asks for the same prompt many times. */
    static Predictor memo(Predictor p) {
        java.util.Map<RoutingSet.Item, double[]> cache = new java.util.IdentityHashMap<>();
        return it -> cache.computeIfAbsent(it, p::success);
    }

    static Point evaluate(String name, List<RoutingSet.Item> items, ToIntFunction<RoutingSet.Item> policy) {
        double cost = 0;
        double quality = 0;
        for (RoutingSet.Item it : items) {
            int m = policy.applyAsInt(it);
            cost += it.cost()[m];
            quality += it.score()[m];
        }
        return new Point(name, cost / items.size(), quality / items.size());
    }

    /** Models from cheapest to dearest by mean training cost: the order in which the router tries them. */
    static int[] costOrder(double[] meanCost) {
        List<Integer> order = new ArrayList<>();
        for (int m = 0; m < meanCost.length; m++) {
            order.add(m);
        }
        order.sort(Comparator.comparingDouble(m -> meanCost[m]));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The evaluation's stand-in for the router's price-based estimate of a request's cost before the call: per model,
     * least squares of the recorded cost on the prompt's length over the training prompts (for MMLU, priced from the
     * length, this recovers the price; for RouterBench it adds the model's typical answer length). The unit
     * ({@code reference}) is the dearest model's mean training cost, as the router's is the dearest model's cost of a
     * typical request.
     */
    record CostModel(double[] intercept, double[] slope, double reference) {
        static CostModel fit(List<RoutingSet.Item> train, int models) {
            double[] a = new double[models];
            double[] b = new double[models];
            double meanChars = train.stream().mapToDouble(RoutingSet.Item::chars).average().orElse(0);
            double varChars = train.stream().mapToDouble(it -> (it.chars() - meanChars) * (it.chars() - meanChars)).sum();
            double reference = 0;
            for (int m = 0; m < models; m++) {
                final int mm = m;
                double meanCost = train.stream().mapToDouble(it -> it.cost()[mm]).average().orElse(0);
                double cov = train.stream().mapToDouble(it -> (it.chars() - meanChars) * (it.cost()[mm] - meanCost)).sum();
                b[m] = varChars == 0 ? 0 : cov / varChars;
                a[m] = meanCost - b[m] * meanChars;
                reference = Math.max(reference, meanCost);
            }
            return new CostModel(a, b, reference);
        }

        double estimate(int model, int chars) {
            return Math.max(0, intercept[model] + slope[model] * chars);
        }
    }

    /** Tollgate's rule, the router's own code ({@link Choice#bestValue}), on each prompt's estimated costs. */
    static ToIntFunction<RoutingSet.Item> router(Predictor predictor, List<String> models, int[] order, CostModel costs,
            double target) {
        List<String> byCost = java.util.Arrays.stream(order).mapToObj(models::get).toList();
        return it -> {
            double[] p = predictor.success(it);
            java.util.Map<String, Double> success = new java.util.HashMap<>();
            java.util.Map<String, Double> cost = new java.util.HashMap<>();
            for (int m = 0; m < p.length; m++) {
                success.put(models.get(m), p[m]);
                cost.put(models.get(m), costs.estimate(m, it.chars()));
            }
            return models.indexOf(Choice.bestValue(byCost, success, Choice.relative(cost, costs.reference()), target));
        };
    }

    /**
     * The router's cascade ({@code RoutingService}) on the recorded answers: both cheap models {@code a} and {@code b}
     * are asked; when their short answers agree ({@link Agreement#check}) {@code a}'s answer is served; when they
     * disagree {@code escalate} answers; when they cannot be compared (long answers, or none recorded) the router's
     * own choice {@code otherwise} answers, at no extra cost when it is {@code a} or {@code b}. Every call is paid.
     */
    static Point cascade(String name, List<RoutingSet.Item> items, int a, int b, int escalate,
            ToIntFunction<RoutingSet.Item> otherwise) {
        double cost = 0;
        double quality = 0;
        for (RoutingSet.Item it : items) {
            cost += it.cost()[a] + it.cost()[b];
            Agreement.Verdict v = it.answer() == null ? Agreement.Verdict.NOT_COMPARABLE
                    : Agreement.check(it.answer()[a], it.answer()[b]);
            int answered = switch (v) {
                case AGREE -> a;
                case DISAGREE -> escalate;
                case NOT_COMPARABLE -> otherwise.applyAsInt(it);
            };
            if (answered != a && answered != b) {
                cost += it.cost()[answered];
            }
            quality += it.score()[answered];
        }
        return new Point(name, cost / items.size(), quality / items.size());
    }

    /** The cheapest model that answered correctly; the cheapest model when none did. */
    static ToIntFunction<RoutingSet.Item> oracle(int[] order) {
        return it -> {
            for (int m : order) {
                if (it.score()[m] >= 0.5) {
                    return m;
                }
            }
            return order[0];
        };
    }

    /**
     * Per intent, the cheapest model whose training accuracy on that intent is at least {@code fraction} of the
     * premium model's training accuracy on it.
     */
    static int[] staticChoice(double[][] trainAccuracy, int[] order, int premium, double fraction) {
        int[] pick = new int[trainAccuracy.length];
        for (int i = 0; i < pick.length; i++) {
            pick[i] = premium;
            for (int m : order) {
                if (trainAccuracy[i][m] >= fraction * trainAccuracy[i][premium]) {
                    pick[i] = m;
                    break;
                }
            }
        }
        return pick;
    }

    /** Upper frontier of points: the best quality reachable at each cost, mixing neighbouring points at random. */
    static List<Point> frontier(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::cost).thenComparing(Comparator.comparingDouble(Point::quality).reversed()));
        List<Point> hull = new ArrayList<>();
        for (Point p : sorted) {
            if (!hull.isEmpty() && p.quality() <= hull.get(hull.size() - 1).quality()) {
                continue;
            }
            // keep the hull concave: a point under the chord of its neighbours is beaten by mixing them
            while (hull.size() >= 2) {
                Point a = hull.get(hull.size() - 2);
                Point b = hull.get(hull.size() - 1);
                double cross = (b.cost() - a.cost()) * (p.quality() - a.quality()) - (b.quality() - a.quality()) * (p.cost() - a.cost());
                if (cross >= 0) {
                    hull.remove(hull.size() - 1);
                } else {
                    break;
                }
            }
            hull.add(p);
        }
        return hull;
    }

    /** The frontier's quality at a cost: linear between hull points, flat past the last, -inf before the first. */
    static double frontierQuality(List<Point> hull, double cost) {
        if (cost < hull.get(0).cost()) {
            return Double.NEGATIVE_INFINITY;
        }
        for (int i = 1; i < hull.size(); i++) {
            Point a = hull.get(i - 1);
            Point b = hull.get(i);
            if (cost <= b.cost()) {
                return a.quality() + (b.quality() - a.quality()) * (cost - a.cost()) / (b.cost() - a.cost());
            }
        }
        return hull.get(hull.size() - 1).quality();
    }
}
