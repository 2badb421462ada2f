package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.tollgate.bench.cache.EvalData.Pair;
import io.tollgate.bench.cache.EvalData.Split;
import io.tollgate.bench.cache.QqpCacheEval.Cand;
import io.tollgate.bench.cache.QqpCacheEval.Policy;
import io.tollgate.bench.cache.QqpCacheEval.Prepared;

/**
 * Exploration on the validation split only (test is never read here); the findings are in docs/cache-evaluation.md.
 * <ul>
 * <li>default: does a pair model over the two embeddings (element-wise product and absolute difference, InferSent's
 * pair features, plus the cosine and the lexical features; {@code args: hidden-units l2 epochs}, 0 hidden units =
 * logistic regression) separate QQP duplicates from close non-duplicates better than the cosine? Fits on the even
 * pairs of validation (plus their judged retrieved neighbours), prints the plain, rules-only and pair-model curves
 * on the odd pairs;</li>
 * <li>{@code -DrefusedBy=guard:order-mismatch}: every candidate at cosine 0.92 or more that this rule alone refuses,
 * with its QQP judgement (how a rule was debugged: what it costs in correct hits);</li>
 * <li>{@code -Dsurvivors=0.97}: the wrong hits the rules-only guard serves at that threshold on the odd pairs.</li>
 * </ul>
 * Run: {@code java -cp <bench classpath> io.tollgate.bench.cache.PairModelExperiment [0 1e-4 30]}.
 */
public final class PairModelExperiment {
    public static void main(String[] args) throws Exception {
        List<Pair> pairs = EvalData.qqp(Split.VALIDATION, Integer.MAX_VALUE);
        Map<String, float[]> vectors = EmbeddingCache.embed(EmbeddingCache.Model.FP32, "qqp-validation", QqpCacheEval.texts(pairs));
        String rule = System.getProperty("refusedBy");
        if (rule != null) {
            refusedBy(rule, pairs, QqpCacheEval.prepare(vectors, "all", pairs, 0.92));
            return;
        }
        List<Pair> fit = new ArrayList<>();
        List<Pair> eval = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            (i % 2 == 0 ? fit : eval).add(pairs.get(i));
        }
        Prepared evalPrepared = QqpCacheEval.prepare(vectors, "eval", eval, 0.70);
        String survivors = System.getProperty("survivors");
        if (survivors != null) {
            survivors(Double.parseDouble(survivors), eval, evalPrepared);
            return;
        }
        int hidden = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        double l2 = args.length > 1 ? Double.parseDouble(args[1]) : 1e-4;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Prepared fitPrepared = QqpCacheEval.prepare(vectors, "fit", fit, 0.70);
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < fit.size(); i++) {
            Pair p = fit.get(i);
            xs.add(PairFeatures.of(p.b(), p.a(), vectors.get(p.b()), vectors.get(p.a())));
            ys.add(p.duplicate() ? 1 : 0);
            for (Cand c : fitPrepared.cands().get(i)) {
                if (c.entry() != i && c.judged()) {
                    Pair other = fit.get(c.entry());
                    xs.add(PairFeatures.of(p.b(), other.a(), vectors.get(p.b()), vectors.get(other.a())));
                    ys.add(c.correct() ? 1 : 0);
                }
            }
        }
        System.out.printf("fit rows %d (pairs %d), hidden %d, l2 %.0e, epochs %d%n", xs.size(), fit.size(), hidden, l2, epochs);
        PairNet net = PairNet.train(xs, ys, hidden, l2, epochs, new SplittableRandom(1));
        System.out.println("threshold | plain | rules");
        for (double t : new double[] {0.90, 0.92, 0.94, 0.96, 0.97, 0.98}) {
            System.out.printf("  %.2f  %s | %s%n", t, QqpCacheEval.fmt(QqpCacheEval.rates(evalPrepared, QqpCacheEval.plain(t))),
                    QqpCacheEval.fmt(QqpCacheEval.rates(evalPrepared, QqpCacheEval.rules(t, QqpCacheEval.allRules()))));
        }
        for (double floor : new double[] {0.85, 0.90}) {
            System.out.println("pair model, cosine floor " + floor + ", hard rules: min p | rates");
            for (double c : new double[] {0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99}) {
                Policy policy = cands -> {
                    for (Cand cand : cands) {
                        if (cand.cosine() < floor) {
                            return -1;
                        }
                        if (cand.refusals().isEmpty() && net.score(cand.pairX()) >= c) {
                            return cand.entry();
                        }
                    }
                    return -1;
                };
                System.out.printf("  %.2f  %s%n", c, QqpCacheEval.fmt(QqpCacheEval.rates(evalPrepared, policy)));
            }
        }
    }

    private static void refusedBy(String rule, List<Pair> pairs, Prepared all) {
        for (int i = 0; i < pairs.size(); i++) {
            for (Cand c : all.cands().get(i)) {
                if (c.refusals().equals(List.of(rule))) {
                    System.out.printf("%s %.3f | %s | %s%n", c.correct() ? "CORRECT" : (c.judged() ? "WRONG  " : "UNJUDGD"), c.cosine(),
                            pairs.get(i).b(), pairs.get(c.entry()).a());
                }
            }
        }
    }

    private static void survivors(double threshold, List<Pair> eval, Prepared prepared) {
        Policy rules = QqpCacheEval.rules(threshold, QqpCacheEval.allRules());
        for (int i = 0; i < eval.size(); i++) {
            List<Cand> cands = prepared.cands().get(i);
            int served = rules.serve(cands);
            if (served >= 0) {
                Cand c = cands.stream().filter(x -> x.entry() == served).findFirst().orElseThrow();
                if (!c.correct()) {
                    System.out.printf("%s %.3f | %s | %s%n", c.judged() ? (served == i ? "OWN " : "JUDG") : "UNJ ", c.cosine(),
                            eval.get(i).b(), eval.get(served).a());
                }
            }
        }
    }
}
