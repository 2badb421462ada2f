package io.tollgate.bench.cache;

import java.util.List;

/** Fills the embedding cache: {@code EmbedWarm FP32 qqp-test qqp-validation ...} (sets default to all). */
final class EmbedWarm {
    public static void main(String[] args) throws Exception {
        EmbeddingCache.Model m = EmbeddingCache.Model.valueOf(args.length > 0 ? args[0] : "FP32");
        List<String> sets = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("qqp-test", "qqp-validation", "qqp-train", "paraphrase", "stsb");
        for (String set : sets) {
            List<EvalData.Pair> pairs = switch (set) {
                case "qqp-test" -> EvalData.qqp(EvalData.Split.TEST, QqpCacheEval.TEST_PAIRS);
                case "qqp-validation" -> EvalData.qqp(EvalData.Split.VALIDATION, QqpCacheEval.VALIDATION_PAIRS);
                case "qqp-train" -> EvalData.qqp(EvalData.Split.TRAIN, QqpCacheEval.TRAIN_PAIRS);
                case "paraphrase" -> EvalData.paraphrases();
                case "stsb" -> EvalData.stsb();
                default -> throw new IllegalArgumentException(set);
            };
            EmbeddingCache.embed(m, set, QqpCacheEval.texts(pairs));
        }
    }
}
