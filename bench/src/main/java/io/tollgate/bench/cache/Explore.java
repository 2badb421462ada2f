package io.tollgate.bench.cache;

/** Validation curves near the top of the range (to choose the default without looking at test). */
final class Explore {
    public static void main(String[] args) throws Exception {
        var v = QqpCacheEval.prepare(EmbeddingCache.Model.FP32, "qqp-validation",
                EvalData.qqp(EvalData.Split.VALIDATION, QqpCacheEval.VALIDATION_PAIRS), 0.70);
        for (double t = 0.94; t < 0.996; t += 0.005) {
            System.out.printf("cos %.3f plain %s | rules %s%n", t, QqpCacheEval.fmt(QqpCacheEval.rates(v, QqpCacheEval.plain(t))),
                    QqpCacheEval.fmt(QqpCacheEval.rates(v, QqpCacheEval.rules(t, QqpCacheEval.allRules()))));
        }
        QqpCacheEval.curveConfidence(v);
    }
}
