package io.tollgate.cache.service;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the guard's learned model sees of a (query, cached prompt) pair besides the cosine: how the content words differ
 * (words outside a stop list present in one text only), whether the question words differ, and the length ratio.
 * "How do I learn Python?" vs "How do I learn Java?" has one content word on each side that the other lacks (a
 * substitution), the strongest sign in the QQP data that two close questions ask different things.
 */
public record GuardFeatures(double cosine, double contentJaccard, int queryOnly, int candidateOnly,
        boolean questionWordMismatch, double lengthRatio) {

    /** Function words and the framing of a question ("how", "best", "way" are not: see the evaluation doc). */
    private static final Set<String> STOP = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been", "being",
            "am", "do", "does", "did", "done", "doing", "have", "has", "had", "having", "i", "me", "my", "mine", "we",
            "our", "us", "you", "your", "he", "she", "him", "her", "his", "it", "its", "they", "them", "their", "this",
            "that", "these", "those", "there", "here", "of", "to", "in", "on", "at", "for", "from", "by", "with",
            "about", "as", "into", "onto", "over", "than", "then", "so", "and", "or", "but", "if", "any", "some",
            "can", "could", "should", "would", "will", "shall", "may", "might", "must", "get", "got", "one", "someone",
            "something", "anyone", "anything", "people", "person", "really", "actually", "just", "also", "very",
            "much", "many", "more", "most", "what", "what's", "how", "why", "when", "where", "which", "who", "whom",
            "whose", "s", "t", "'s", "ever", "all", "possible", "know", "tell", "good");
    /** The question words whose difference changes the kind of answer ("why" vs "how"). */
    private static final List<String> QUESTION_WORDS = List.of("how", "why", "what", "when", "where", "which", "who");

    public static GuardFeatures of(String query, String candidate, double cosine) {
        List<String> q = lower(SemanticGuard.tokens(query));
        List<String> c = lower(SemanticGuard.tokens(candidate));
        Set<String> qc = content(q);
        Set<String> cc = content(c);
        Set<String> union = new HashSet<>(qc);
        union.addAll(cc);
        int both = 0;
        for (String w : qc) {
            if (cc.contains(w)) {
                both++;
            }
        }
        double jaccard = union.isEmpty() ? 1.0 : (double) both / union.size();
        double ratio = Math.max(q.size(), c.size()) == 0 ? 1.0 : (double) Math.min(q.size(), c.size()) / Math.max(q.size(), c.size());
        return new GuardFeatures(cosine, jaccard, qc.size() - both, cc.size() - both,
                !questionWord(q).equals(questionWord(c)), ratio);
    }

    /** Inputs of the model, in the order of {@link GuardModel}'s weights. */
    public double[] vector() {
        int substitutions = Math.min(queryOnly, candidateOnly);
        int additions = Math.abs(queryOnly - candidateOnly);
        return new double[] {cosine, contentJaccard, Math.min(substitutions, 3), Math.min(additions, 3),
                questionWordMismatch ? 1 : 0, lengthRatio};
    }

    /** Lower case, typographic apostrophes straightened, possessive "'s" dropped. */
    static List<String> lower(List<String> tokens) {
        return tokens.stream().map(t -> t.toLowerCase(Locale.ROOT).replace('’', '\''))
                .map(t -> t.endsWith("'s") ? t.substring(0, t.length() - 2) : t).toList();
    }

    /** The stems of the words outside {@link #STOP}. */
    static Set<String> content(List<String> tokens) {
        Set<String> out = new HashSet<>();
        for (String t : tokens) {
            if (!STOP.contains(t)) {
                out.add(stem(t));
            }
        }
        return out;
    }

    /** A crude stem so that plurals and simple inflections match ("languages" = "language", "learning" = "learn"). */
    static String stem(String w) {
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** The first question word of the text, or "" when none. */
    private static String questionWord(List<String> tokens) {
        for (String t : tokens) {
            if (QUESTION_WORDS.contains(t)) {
                return t;
            }
        }
        return "";
    }
}
