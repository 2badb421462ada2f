package io.tollgate.router.classify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keyword and length heuristics for intent and difficulty: the fallback when no trained model or no embedding is
 * available. Intents match the trained model's: code, reasoning (multiple choice, math), commonsense, chat.
 */
public final class Heuristics {
    private static final Pattern CODE = Pattern.compile(
            "```|\\bdef |\\bclass |\\bfunction\\b|\\bpython\\b|\\bjava\\b|\\bsql\\b|\\bcode\\b|\\bprogram\\b|\\bimplement\\b");
    private static final Pattern CHOICE = Pattern.compile("(?m)^\\s*[A-D][).:]\\s|\\banswer:|which of the following");
    private static final Pattern BLANK = Pattern.compile("_{1,}|\\boption 1\\b|\\bfill in\\b");
    private static final Pattern HARD = Pattern.compile(
            "\\bprove\\b|\\bstep by step\\b|\\bexplain why\\b|\\boptimi[sz]e\\b|\\bderive\\b|\\bcomplexity\\b|\\bedge cases?\\b");

    private Heuristics() {
    }

    public record Guess(String intent, double difficulty) {
    }

    public static Guess classify(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        String intent = CODE.matcher(text).find() ? "code"
                : CHOICE.matcher(text).find() ? "reasoning"
                : BLANK.matcher(text).find() ? "commonsense"
                : "chat";
        // length saturates at ~2,000 characters; hard words add a fixed step
        double difficulty = Math.min(1.0, text.length() / 2000.0) * 0.6 + (HARD.matcher(text).find() ? 0.3 : 0)
                + ("code".equals(intent) ? 0.1 : 0);
        return new Guess(intent, Math.min(1.0, difficulty));
    }
}
