package io.tollgate.replay.service;

import io.tollgate.replay.store.PromptKey;
import java.util.SplittableRandom;

/** Deterministic, clearly marked stand-in answers for prompts with no recording: same (model, prompt), same text. */
final class SyntheticAnswers {

    static final String MARKER = "[synthetic replay answer]";

    private static final String[] WORDS = {"the", "request", "model", "answer", "token", "cost", "route", "cache",
        "latency", "quality", "budget", "prompt", "gateway", "replay", "result", "value", "simple", "clear", "first",
        "second", "step", "check", "because", "and", "so", "then", "it", "is", "a", "this", "that", "we", "can"};

    private SyntheticAnswers() {
    }

    static String answer(String recordingModel, String prompt) {
        long seed = PromptKey.of(recordingModel + '\u0000' + prompt);
        SplittableRandom random = new SplittableRandom(seed);
        int words = 12 + random.nextInt(48);
        StringBuilder sb = new StringBuilder(MARKER).append(" No recording of ").append(recordingModel)
                .append(" matches this prompt.");
        for (int i = 0; i < words; i++) {
            sb.append(i > 0 && i % 12 == 0 ? "." : "").append(" ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.append('.').toString();
    }
}
