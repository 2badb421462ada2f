package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tollgate.bench.cache.EvalData.Pair;
import io.tollgate.bench.cache.EvalData.Split;
import io.tollgate.cache.index.Candidate;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.service.GuardFeatures;
import io.tollgate.cache.service.GuardModel;
import io.tollgate.cache.service.SemanticGuard;

/**
 * Semantic-cache quality on Quora Question Pairs, split train / validation / test by pair id ({@link EvalData}).
 * Per split, one partition of the cache's own {@link SemanticIndex} holds side A of every pair and side B queries it;
 * a served entry is correct only when the pair is a duplicate and the entry is the pair's own A. Prints, for one
 * embedding model: the curves (duplicate-hit rate, false-hit rate on non-duplicates, served-hit precision) of the
 * plain cosine threshold, of the rules-only guard, and of Tollgate's policy (rules + learned confidence, shipped
 * weights); the equal-hit-rate comparison; the ablation (validation); surviving false hits; STS-B and GPTCache
 * paraphrase checks. Training and the choice of the default use train and validation only; figures are on test.
 *
 * <p>Run (after {@code ./mvnw -q -pl bench install -DskipTests}):
 * {@code ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.cache.QqpCacheEval -Dexec.args="fp32"}
 * (or {@code int8}). The first run embeds about 58k texts (about 5 minutes on 2 quiet cores); embeddings are cached under
 * {@code bench/target/cache-eval/}, later runs take about 5 minutes. Pair caps: {@code -Dtrain=2000 -Dvalidation= -Dtest=}
 * (default: the whole validation and test splits).
 */
public final class QqpCacheEval {
    static final int TRAIN_PAIRS = Integer.getInteger("train", 2000);
    /** The whole validation and test splits (about 12,900 pairs each) unless capped. */
    static final int VALIDATION_PAIRS = Integer.getInteger("validation", Integer.MAX_VALUE);
    static final int TEST_PAIRS = Integer.getInteger("test", Integer.MAX_VALUE);
    /** Candidates fetched per lookup, as the service's default {@code candidates}. */
    private static final int K = 5;
    /** Cosine floor of the learned-confidence curve: low enough that the model, not the cosine, decides. */
    static final double FLOOR = 0.80;
    /** The shipped defaults: tollgate.cache.similarity-threshold and min-confidence. */
    static final double DEFAULT_THRESHOLD = 0.995;
    static final double DEFAULT_CONFIDENCE = 0.0;
    private static final double PRECISION_TARGET = 0.98;
    private static final SemanticGuard GUARD = new SemanticGuard();
    private static final Set<String> ALL_RULES = Set.of("guard:language-mismatch", "guard:number-mismatch",
            "guard:date-mismatch", "guard:negation-mismatch", "guard:entity-mismatch", "guard:opposite-mismatch",
            "guard:order-mismatch");

    /** One candidate of one lookup: the entry (index into the split's pairs), cosine, features, hard-rule refusals. */
    record Cand(int entry, double cosine, double[] x, List<String> refusals, boolean correct, boolean judged,
            float[] queryVector, float[] entryVector) {
        /** The pair model's inputs ({@link PairFeatures}), computed when asked (770 doubles a candidate). */
        double[] pairX() {
            return PairFeatures.of(x, queryVector, entryVector);
        }
    }

    /** A split made ready: pairs and, per query, its candidates best first. */
    record Prepared(String name, List<Pair> pairs, List<List<Cand>> cands) {
        long duplicates() {
            return pairs.stream().filter(Pair::duplicate).count();
        }
    }

    /** Which candidate a policy serves for one lookup, or -1. */
    interface Policy {
        int serve(List<Cand> cands);
    }

    /** Rates of one policy on one split. */
    record Rates(double dupHit, double falseHit, double wrongEntry, double precision, int served, int wrong, int unjudged) {
        /** Precision over the hits QQP has a label for: unjudged hits (another pair's question, never compared) left out. */
        double judgedPrecision() {
            int judged = served - unjudged;
            return judged == 0 ? 1 : (double) (served - wrong) / judged;
        }
    }

    public static void main(String[] args) throws Exception {
        EmbeddingCache.Model model = args.length > 0 && args[0].equalsIgnoreCase("int8") ? EmbeddingCache.Model.INT8 : EmbeddingCache.Model.FP32;
        long t0 = System.nanoTime();
        Prepared train = prepare(model, "qqp-train", EvalData.qqp(Split.TRAIN, TRAIN_PAIRS), 0.70);
        Prepared validation = prepare(model, "qqp-validation", EvalData.qqp(Split.VALIDATION, VALIDATION_PAIRS), 0.70);
        Prepared test = prepare(model, "qqp-test", EvalData.qqp(Split.TEST, TEST_PAIRS), 0.70);
        System.out.printf("model %s; QQP pairs train %d / validation %d / test %d (duplicates %d / %d / %d); prepared in %.0f s%n",
                model.id, train.pairs().size(), validation.pairs().size(), test.pairs().size(), train.duplicates(),
                validation.duplicates(), test.duplicates(), (System.nanoTime() - t0) / 1e9);

        double[] trained = GuardTrainer.train(train, FLOOR, null);
        System.out.printf("%nweights trained on train (bias, cosine, jaccard, substitutions, additions, qword-mismatch, length-ratio):%n  %s%n",
                GuardTrainer.format(trained));
        System.out.printf("shipped weights (GuardModel.WEIGHTS): %s%n", GuardTrainer.format(GuardModel.weights()));

        System.out.println("\n== curve of the learned policy on VALIDATION (choice of the default min-confidence) ==");
        curveConfidence(validation);
        Reports.ablation(train, validation);
        Reports.survivors(validation, defaults(), 15);
        System.out.println("\n== rules-only guard above the default on VALIDATION (choice of the default threshold) ==");
        for (double t : new double[] {0.97, 0.975, 0.98, 0.985, 0.99, 0.995}) {
            System.out.printf("  %.3f | %s%n", t, fmt(rates(validation, rules(t, ALL_RULES))));
        }
        Reports.ruleValue(validation, 0.92);
        Reports.ruleValue(validation, 0.97);
        Reports.ruleValue(validation, DEFAULT_THRESHOLD);

        System.out.println("\n== TEST split ==");
        System.out.println("-- plain cosine threshold / rules-only guard (cosine threshold + hard rules) --");
        System.out.println("threshold | plain: dup-hit false-hit wrong-entry precision | rules: dup-hit false-hit wrong-entry precision");
        for (double t : new double[] {0.80, 0.85, 0.88, 0.90, 0.92, 0.94, 0.96, 0.97, 0.98, 0.985, 0.99, 0.995}) {
            Rates p = rates(test, plain(t));
            Rates r = rates(test, rules(t, ALL_RULES));
            System.out.printf("  %.3f   |  %s | %s%n", t, fmt(p), fmt(r));
        }
        System.out.println("-- Tollgate policy (cosine >= " + FLOOR + ", hard rules, learned confidence >= c) --");
        curveConfidence(test);
        Reports.equalHitRate(test, defaults(), "default (threshold " + DEFAULT_THRESHOLD + ", hard rules, min-confidence " + DEFAULT_CONFIDENCE + ")");
        Reports.equalHitRate(test, shipped(0.80), "learned confidence 0.80 (floor " + FLOOR + ")");
        Reports.equalHitRate(test, rules(0.92, ALL_RULES), "rules-only guard at 0.92 (the previous default)");
        Reports.errorBudget(validation, test, DEFAULT_THRESHOLD);

        if (!Boolean.parseBoolean(System.getProperty("secondary", "true"))) {
            return;
        }
        System.out.println("\n== secondary checks at the default ==");
        Prepared sts = prepare(model, "stsb", EvalData.stsb(), 0.70);
        Prepared para = prepare(model, "paraphrase", EvalData.paraphrases(), 0.70);
        for (Prepared p : List.of(sts, para)) {
            System.out.printf("%-10s (%d pairs, %d positive) plain 0.92: %s | default: %s%n", p.name(), p.pairs().size(), p.duplicates(),
                    fmt(rates(p, plain(0.92))), fmt(rates(p, defaults())));
        }
        System.out.printf("%ntotal %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    static void curveConfidence(Prepared split) {
        System.out.println("min-confidence | dup-hit false-hit wrong-entry precision");
        for (double c : new double[] {0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.985, 0.99}) {
            System.out.printf("  %.3f        | %s%n", c, fmt(rates(split, shipped(c))));
        }
    }

    static Prepared prepare(EmbeddingCache.Model model, String name, List<Pair> pairs, double minCosine) throws Exception {
        return prepare(EmbeddingCache.embed(model, name, texts(pairs)), name, pairs, minCosine);
    }

    static Prepared prepare(Map<String, float[]> vectors, String name, List<Pair> pairs, double minCosine) {
        SemanticIndex index = new SemanticIndex(Integer.MAX_VALUE); // exhaustive: measure the policy, not ANN recall
        long far = System.currentTimeMillis() + 86_400_000L;
        for (int i = 0; i < pairs.size(); i++) {
            index.add("eval", name, Integer.toString(i), "ctx", vectors.get(pairs.get(i).a()), far);
        }
        List<List<Cand>> out = new ArrayList<>();
        for (Pair p : pairs) {
            List<Cand> cands = new ArrayList<>();
            for (Candidate c : index.search("eval", name, vectors.get(p.b()), K)) {
                if (c.similarity() < minCosine) {
                    break;
                }
                int e = Integer.parseInt(c.entryId());
                String cached = pairs.get(e).a();
                Boolean known = labels().judge(p.b(), cached);
                boolean own = e == out.size();
                boolean correct = own ? p.duplicate() || Boolean.TRUE.equals(known) : Boolean.TRUE.equals(known);
                cands.add(new Cand(e, c.similarity(), GuardFeatures.of(p.b(), cached, c.similarity()).vector(),
                        GUARD.reasons(p.b(), cached, false), correct, own || known != null, vectors.get(p.b()), vectors.get(cached)));
            }
            out.add(cands);
        }
        return new Prepared(name, pairs, out);
    }

    static List<String> texts(List<Pair> pairs) {
        List<String> out = new ArrayList<>();
        for (Pair p : pairs) {
            out.add(p.a());
            out.add(p.b());
        }
        return out;
    }

    static Policy plain(double threshold) {
        return cands -> cands.isEmpty() || cands.get(0).cosine() < threshold ? -1 : cands.get(0).entry();
    }

    static Policy rules(double threshold, Set<String> enabled) {
        return cands -> {
            for (Cand c : cands) {
                if (c.cosine() < threshold) {
                    return -1;
                }
                if (c.refusals().stream().noneMatch(enabled::contains)) {
                    return c.entry();
                }
            }
            return -1;
        };
    }

    /** Hard rules, then confidence under {@code weights} (the engine's loop: first acceptable candidate, best first). */
    static Policy learned(double floor, Set<String> enabled, double[] weights, int[] features, double minConfidence) {
        return cands -> {
            for (Cand c : cands) {
                if (c.cosine() < floor) {
                    return -1;
                }
                if (c.refusals().stream().anyMatch(enabled::contains)) {
                    continue;
                }
                if (GuardModel.confidence(GuardTrainer.select(c.x(), features), weights) >= minConfidence) {
                    return c.entry();
                }
            }
            return -1;
        };
    }

    /** The shipped policy: exactly what CacheEngine does with GuardModel's weights. */
    static Policy shipped(double minConfidence) {
        return learned(FLOOR, ALL_RULES, GuardModel.weights(), null, minConfidence);
    }

    /** The service's defaults: what CacheEngine does out of the box. */
    static Policy defaults() {
        return learned(DEFAULT_THRESHOLD, ALL_RULES, GuardModel.weights(), null, DEFAULT_CONFIDENCE);
    }

    /**
     * Served-hit scoring: an entry is correct when it is the pair's own question and the pair is a duplicate, or when
     * QQP knows the served question to be the same question ({@link QqpLabels}). Duplicate-hit rate: correct hits on
     * duplicate pairs / duplicate pairs. False-hit rate: wrong hits on non-duplicate pairs / non-duplicate pairs.
     * Wrong-entry: wrong hits on duplicate pairs / duplicate pairs. Precision: correct / all served.
     */
    static Rates rates(Prepared split, Policy policy) {
        int correct = 0;
        int correctOnDuplicates = 0;
        int falseHits = 0;
        int wrongEntry = 0;
        int unjudged = 0;
        for (int i = 0; i < split.pairs().size(); i++) {
            List<Cand> cands = split.cands().get(i);
            int served = policy.serve(cands);
            if (served < 0) {
                continue;
            }
            boolean dup = split.pairs().get(i).duplicate();
            Cand hit = cands.stream().filter(c -> c.entry() == served).findFirst().orElseThrow();
            boolean ok = hit.correct();
            if (!hit.judged()) {
                unjudged++;
            }
            if (ok) {
                correct++;
                if (dup) {
                    correctOnDuplicates++;
                }
            } else if (dup) {
                wrongEntry++;
            } else {
                falseHits++;
            }
        }
        long dups = split.duplicates();
        long nonDups = split.pairs().size() - dups;
        int served = correct + falseHits + wrongEntry;
        return new Rates(dups == 0 ? 0 : (double) correctOnDuplicates / dups, nonDups == 0 ? 0 : (double) falseHits / nonDups,
                dups == 0 ? 0 : (double) wrongEntry / dups, served == 0 ? 1 : (double) correct / served, served, falseHits + wrongEntry,
                unjudged);
    }

    private static QqpLabels labels;

    static synchronized QqpLabels labels() {
        if (labels == null) {
            try {
                labels = QqpLabels.load();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return labels;
    }

    static String fmt(Rates r) {
        return String.format("%5.1f%%  %5.2f%%  %5.2f%%  %5.1f%% (%d served, %d wrong of which %d unjudged; judged %5.1f%%)",
                100 * r.dupHit(), 100 * r.falseHit(), 100 * r.wrongEntry(), 100 * r.precision(), r.served(), r.wrong(),
                r.unjudged(), 100 * r.judgedPrecision());
    }

    static Set<String> allRules() {
        return ALL_RULES;
    }

    static double precisionTarget() {
        return PRECISION_TARGET;
    }
}
