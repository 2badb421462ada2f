package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.List;

public final class QqpCacheEval {
    static final int TRAIN_PAIRS = Integer.getInteger("train", 6000);
    static final int VALIDATION_PAIRS = Integer.getInteger("validation", 3000);
    static final int TEST_PAIRS = Integer.getInteger("test", 5000);

    static List<String> allTexts() throws Exception {
        List<String> out = new ArrayList<>();
        for (var p : EvalData.qqp(EvalData.Split.TRAIN, TRAIN_PAIRS)) { out.add(p.a()); out.add(p.b()); }
        for (var p : EvalData.qqp(EvalData.Split.VALIDATION, VALIDATION_PAIRS)) { out.add(p.a()); out.add(p.b()); }
        for (var p : EvalData.qqp(EvalData.Split.TEST, TEST_PAIRS)) { out.add(p.a()); out.add(p.b()); }
        for (var p : EvalData.stsb()) { out.add(p.a()); out.add(p.b()); }
        for (var p : EvalData.paraphrases()) { out.add(p.a()); out.add(p.b()); }
        return out;
    }
}
