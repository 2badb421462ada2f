package io.tollgate.router.classify;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two models' answers to the same prompt say the same thing: the cascade's check (two cheap models agree, so
 * the premium model is not asked) and the shadow check's estimate of what a cheap answer lost against the premium one.
 *
 * <p>A <em>short answer</em> (a multiple-choice letter, a number, a few words) is reduced to a canonical form and
 * compared exactly: "B", "(B)", "B) wet palms", "The answer is B." are all choice B. Two long answers (code, prose)
 * cannot be checked that way: {@link #check} says {@link Verdict#NOT_COMPARABLE} and the cascade escalates or falls
 * back to the router's own choice; {@link #similarity} scores them by the F1 overlap of their words (the SQuAD answer
 * metric), a rough proxy that the shadow check reports as such.
 */
public final class Agreement {
    /** Answers of at most this many words (after dropping punctuation and articles) are compared exactly. */
    public static final int SHORT_WORDS = 8;

    /** A leading choice letter: "B", "B)", "(B)", "B.", "B:" (not "A dog", which is a sentence). */
    private static final Pattern LEADING_CHOICE = Pattern.compile("^\\(?([A-H])(?:\\)|\\.|:|\\s*$|\\s*\\n)");
    /** "the answer is B", "Answer: (C)", "correct option is D". */
    private static final Pattern STATED_CHOICE = Pattern.compile(
            "(?i)\\b(?:answer|option|choice)\\s*(?:is|:)?\\s*\\(?([A-H])\\b(?!['’])");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    public enum Verdict { AGREE, DISAGREE, NOT_COMPARABLE }

    private Agreement() {
    }

    /** The canonical short form of an answer ("choice:B", or its words), or empty when the answer is long. */
    public static Optional<String> shortForm(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        String s = answer.strip();
        Matcher leading = LEADING_CHOICE.matcher(s);
        if (leading.find()) {
            return Optional.of("choice:" + leading.group(1));
        }
        String words = words(s);
        if (words.isEmpty() || words.split(" ").length > SHORT_WORDS) {
            return Optional.empty();
        }
        Matcher stated = STATED_CHOICE.matcher(s);
        if (stated.find()) {
            return Optional.of("choice:" + stated.group(1).toUpperCase(Locale.ROOT));
        }
        return Optional.of(words);
    }

    /** The cascade's check: both short and equal, both short and different, or not checkable. */
    public static Verdict check(String a, String b) {
        Optional<String> fa = shortForm(a);
        Optional<String> fb = shortForm(b);
        if (fa.isEmpty() || fb.isEmpty()) {
            return Verdict.NOT_COMPARABLE;
        }
        return fa.get().equals(fb.get()) ? Verdict.AGREE : Verdict.DISAGREE;
    }

    /** 1 or 0 for two short answers; otherwise the F1 overlap of their words, in 0..1. */
    public static double similarity(String a, String b) {
        Verdict v = check(a, b);
        if (v != Verdict.NOT_COMPARABLE) {
            return v == Verdict.AGREE ? 1 : 0;
        }
        Map<String, Integer> ca = counts(words(a == null ? "" : a));
        Map<String, Integer> cb = counts(words(b == null ? "" : b));
        int na = ca.values().stream().mapToInt(Integer::intValue).sum();
        int nb = cb.values().stream().mapToInt(Integer::intValue).sum();
        if (na == 0 || nb == 0) {
            return na == nb ? 1 : 0;
        }
        int common = 0;
        for (Map.Entry<String, Integer> e : ca.entrySet()) {
            common += Math.min(e.getValue(), cb.getOrDefault(e.getKey(), 0));
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / na;
        double recall = (double) common / nb;
        return 2 * precision * recall / (precision + recall);
    }

    /** Lower case, punctuation and the articles dropped, single spaces. */
    static String words(String s) {
        StringBuilder out = new StringBuilder();
        for (String w : NON_WORD.split(s.toLowerCase(Locale.ROOT))) {
            if (!w.isEmpty() && !w.equals("a") && !w.equals("an") && !w.equals("the")) {
                if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(w);
            }
        }
        return out.toString();
    }

    private static Map<String, Integer> counts(String words) {
        Map<String, Integer> out = new HashMap<>();
        if (!words.isEmpty()) {
            for (String w : words.split(" ")) {
                out.merge(w, 1, Integer::sum);
            }
        }
        return out;
    }
}
