package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;

import io.tollgate.bench.cache.QqpCacheEval.Cand;
import io.tollgate.bench.cache.QqpCacheEval.Policy;
import io.tollgate.bench.cache.QqpCacheEval.Prepared;
import io.tollgate.bench.cache.QqpCacheEval.Rates;
import io.tollgate.cache.service.ErrorBudget;
import io.tollgate.cache.service.GuardModel;

/** The evaluation's comparisons: equal hit rate against the plain threshold, the ablation, and surviving false hits. */
final class Reports {
    private Reports() {
    }

    /** The plain threshold whose duplicate-hit rate is closest to the policy's, and the ratio of wrong hits. */
    static void equalHitRate(Prepared split, Policy policy, String label) {
        Rates r = QqpCacheEval.rates(split, policy);
        double bestT = 0;
        Rates best = null;
        for (double t = 0.70; t < 1.0; t += 0.0005) {
            Rates p = QqpCacheEval.rates(split, QqpCacheEval.plain(t));
            if (best == null || Math.abs(p.dupHit() - r.dupHit()) < Math.abs(best.dupHit() - r.dupHit())) {
                best = p;
                bestT = t;
            }
        }
        System.out.printf("equal hit rate, %s: policy %s%n    vs plain cosine %.4f: %s%n    wrong hits policy/plain = %d/%d = %.2f; "
                + "false-hit rate (non-duplicates) ratio %.2f%n", label, QqpCacheEval.fmt(r), bestT, QqpCacheEval.fmt(best),
                r.wrong(), best.wrong(), best.wrong() == 0 ? 0 : (double) r.wrong() / best.wrong(),
                best.falseHit() == 0 ? 0 : r.falseHit() / best.falseHit());
    }

    /** Best duplicate-hit rate with precision at or above the target, sweeping a policy's knob. */
    static Rates atPrecision(Prepared split, DoubleFunction<Policy> knob, double from, double to, double step) {
        Rates best = null;
        for (double k = from; k <= to + 1e-9; k += step) {
            Rates r = QqpCacheEval.rates(split, knob.apply(k));
            if (r.precision() >= QqpCacheEval.precisionTarget() && r.served() > 0 && (best == null || r.dupHit() > best.dupHit())) {
                best = r;
            }
        }
        return best;
    }

    /** Wrong hits at the knob setting whose duplicate-hit rate is closest to {@code hitRate}. */
    static Rates atHitRate(Prepared split, DoubleFunction<Policy> knob, double from, double to, double step, double hitRate) {
        Rates best = null;
        for (double k = from; k <= to + 1e-9; k += step) {
            Rates r = QqpCacheEval.rates(split, knob.apply(k));
            if (best == null || Math.abs(r.dupHit() - hitRate) < Math.abs(best.dupHit() - hitRate)) {
                best = r;
            }
        }
        return best;
    }

    /** Each variant trained on train, measured on validation: hit rate at the precision target, wrong hits at equal hit rate. */
    static void ablation(Prepared train, Prepared validation) {
        double floor = QqpCacheEval.FLOOR;
        Set<String> all = QqpCacheEval.allRules();
        double hitRate = QqpCacheEval.rates(validation, QqpCacheEval.plain(0.92)).dupHit();
        System.out.printf("%n== ablation on VALIDATION (trained on train): best dup-hit with precision >= %.0f%%; wrong hits at dup-hit %.1f%% (plain 0.92's) ==%n",
                100 * QqpCacheEval.precisionTarget(), 100 * hitRate);
        Map<String, DoubleFunction<Policy>> variants = new LinkedHashMap<>();
        variants.put("plain cosine threshold", QqpCacheEval::plain);
        variants.put("cosine + hard rules (rules-only guard)", t -> QqpCacheEval.rules(t, all));
        Map<String, int[]> featureSets = new LinkedHashMap<>();
        featureSets.put("learned: cosine only (+ rules)", new int[] {0});
        featureSets.put("learned: + content Jaccard", new int[] {0, 1});
        featureSets.put("learned: + substitutions/additions", new int[] {0, 1, 2, 3});
        featureSets.put("learned: + question-word mismatch", new int[] {0, 1, 2, 3, 4});
        featureSets.put("learned: + length ratio (full)", null);
        featureSets.put("learned: full minus Jaccard", new int[] {0, 2, 3, 4, 5});
        featureSets.put("learned: full minus substitutions/additions", new int[] {0, 1, 4, 5});
        featureSets.put("learned: full minus question word", new int[] {0, 1, 2, 3, 5});
        for (Map.Entry<String, int[]> e : featureSets.entrySet()) {
            double[] w = GuardTrainer.train(train, floor, e.getValue(), all);
            variants.put(e.getKey(), c -> QqpCacheEval.learned(floor, all, w, e.getValue(), c));
        }
        for (String rule : List.of("none", "guard:language-mismatch", "guard:number-mismatch", "guard:date-mismatch",
                "guard:negation-mismatch", "guard:entity-mismatch", "guard:opposite-mismatch", "guard:order-mismatch")) {
            Set<String> enabled = new HashSet<>(all);
            if (rule.equals("none")) {
                enabled.clear();
            } else {
                enabled.remove(rule);
            }
            double[] w = GuardTrainer.train(train, floor, null, enabled);
            variants.put("learned full, hard rules: " + (rule.equals("none") ? "none" : "all but " + rule), c -> QqpCacheEval.learned(floor, enabled, w, null, c));
        }
        System.out.println("variant | dup-hit @prec>=98% (precision, served) | at equal hit rate: dup-hit, wrong hits");
        for (Map.Entry<String, DoubleFunction<Policy>> v : variants.entrySet()) {
            boolean cosineKnob = v.getKey().startsWith("plain") || v.getKey().startsWith("cosine");
            double from = cosineKnob ? 0.80 : 0.0;
            double to = cosineKnob ? 0.999 : 0.995;
            double step = cosineKnob ? 0.001 : 0.005;
            Rates p = atPrecision(validation, v.getValue(), from, to, step);
            Rates h = atHitRate(validation, v.getValue(), from, to, step, hitRate);
            System.out.printf("  %-62s | %s | %5.1f%%, %d%n", v.getKey(),
                    p == null ? "  never reaches the target          " : String.format("%5.1f%% (%5.1f%%, %4d)", 100 * p.dupHit(), 100 * p.precision(), p.served()),
                    100 * h.dupHit(), h.wrong());
        }
    }

    /** Wrong hits the policy still serves on a split, to find the next rule. */
    static void survivors(Prepared split, Policy policy, int max) {
        System.out.printf("%n== wrong hits served by the default on %s (up to %d) ==%n", split.name(), max);
        int shown = 0;
        for (int i = 0; i < split.pairs().size() && shown < max; i++) {
            int served = policy.serve(split.cands().get(i));
            Cand c = served < 0 ? null : split.cands().get(i).stream().filter(x -> x.entry() == served).findFirst().orElseThrow();
            if (c != null && !c.correct()) {
                System.out.printf("  cos %.3f conf %.3f %s%n    query : %s%n    cached: %s%n", c.cosine(),
                        GuardModel.confidence(c.x(), GuardModel.weights()), served == i ? "(own pair, labelled not duplicate)" : "(another pair's question)",
                        split.pairs().get(i).b(), split.pairs().get(served).a());
                shown++;
            }
        }
    }

    /**
     * What each hard rule buys at a cosine threshold: the rules-only guard with every rule against the same guard
     * without that one rule (hits it refuses that were wrong, and that were correct).
     */
    static void ruleValue(Prepared split, double threshold) {
        Set<String> all = QqpCacheEval.allRules();
        QqpCacheEval.Rates with = QqpCacheEval.rates(split, QqpCacheEval.rules(threshold, all));
        System.out.printf("%n== what each hard rule buys on %s at cosine %.3f (all rules: %s) ==%n", split.name(), threshold,
                QqpCacheEval.fmt(with));
        System.out.println("rule | hits it refuses: wrong (of which unjudged) / correct");
        for (String rule : all.stream().sorted().toList()) {
            Set<String> without = new HashSet<>(all);
            without.remove(rule);
            QqpCacheEval.Rates r = QqpCacheEval.rates(split, QqpCacheEval.rules(threshold, without));
            int wrongSaved = r.wrong() - with.wrong();
            int unjudgedSaved = r.unjudged() - with.unjudged();
            int correctLost = (r.served() - r.wrong()) - (with.served() - with.wrong());
            System.out.printf("  %-26s | %3d (%d) / %3d%n", rule, wrongSaved, unjudgedSaved, correctLost);
        }
    }

    /**
     * The error budget at work: validation's lookups arrive in file order, each served hit with a QQP label is judged
     * (feedback), and every 50 judgements the threshold is re-learned ({@link ErrorBudget}), starting from the
     * default. Prints where it ends, the share of judged hits that were wrong along the way, and test at the learned
     * threshold (judgements never see test).
     */
    static void errorBudget(Prepared validation, Prepared test, double start) {
        System.out.printf("%n== error budget: threshold learned from feedback on validation (start %.3f), applied to test ==%n", start);
        System.out.println("budget | learned threshold (judgements) | served on validation: judged-wrong share | test at the learned threshold");
        for (double budget : new double[] {0.01, 0.02, 0.05, 0.10}) {
            double t = start;
            List<ErrorBudget.Judgement> judgements = new ArrayList<>();
            int judgedWrong = 0;
            for (List<Cand> cands : validation.cands()) {
                int served = QqpCacheEval.rules(t, QqpCacheEval.allRules()).serve(cands);
                if (served < 0) {
                    continue;
                }
                Cand hit = cands.stream().filter(c -> c.entry() == served).findFirst().orElseThrow();
                if (!hit.judged()) {
                    continue; // nobody said: no feedback
                }
                judgements.add(new ErrorBudget.Judgement(hit.cosine(), hit.correct()));
                judgedWrong += hit.correct() ? 0 : 1;
                if (judgements.size() % 50 == 0) {
                    t = ErrorBudget.threshold(judgements, budget, 30, start).value();
                }
            }
            ErrorBudget.Threshold learned = ErrorBudget.threshold(judgements, budget, 30, start);
            System.out.printf("  %4.1f%% | %.3f (%d, %s) | %5.2f%% of %d | %s%n", 100 * budget, learned.value(), learned.observations(),
                    learned.source(), 100.0 * judgedWrong / Math.max(1, judgements.size()), judgements.size(),
                    QqpCacheEval.fmt(QqpCacheEval.rates(test, QqpCacheEval.rules(learned.value(), QqpCacheEval.allRules()))));
        }
    }
}
