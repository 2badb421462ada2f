package io.tollgate.cache.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before a semantic hit is served, that what must match does match: numbers and quantities, dates, named
 * entities, negation and language (hard rules: embeddings place "What is 2+2?" next to "What is 2+3?"), then that a
 * small model trained on QQP ({@link GuardModel}) is confident enough that the two texts ask the same thing.
 * Stateless and thread-safe. Returns the refusal reason ({@code guard:<what>-mismatch}, {@code guard:low-confidence})
 * or empty to serve. Evaluation and the choice of rules: docs/cache-evaluation.md.
 */
public final class SemanticGuard {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’._+#-]*[\\p{L}\\p{N}+#]|[\\p{L}\\p{N}]");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s*$|^$");
    private static final Set<String> NUMBER_WORDS = Set.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
            "hundred", "thousand", "million", "billion", "trillion", "half", "quarter", "dozen", "first", "second",
            "third", "fourth", "fifth", "tenth", "once", "twice", "double", "triple");
    private static final Set<String> DATE_WORDS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "today", "tomorrow", "yesterday", "tonight", "week", "month", "year", "weekend", "morning",
            "evening", "night", "last", "next", "ago", "now");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nor", "nothing", "nobody",
            "neither", "without", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
            "weren't", "shouldn't", "wouldn't", "couldn't", "haven't", "hasn't", "hadn't", "mustn't", "nicht", "kein",
            "keine", "nie", "pas", "jamais", "sans", "nunca", "sin", "non", "niet", "geen");
    /** Capitalised words that are not names even mid-sentence. */
    private static final Set<String> NOT_ENTITIES = Set.of("i", "i'm", "i've", "i'd", "i'll", "ok", "okay");
    /** A few very frequent words per language: enough to tell apart the languages tenants actually send. */
    private static final Map<String, Set<String>> STOPWORDS = Map.of(
            "en", Set.of("the", "is", "are", "what", "how", "do", "does", "of", "and", "to", "in", "a", "i", "you", "it", "can", "my", "for", "why", "which"),
            "de", Set.of("der", "die", "das", "ist", "und", "wie", "was", "ich", "nicht", "ein", "eine", "zu", "mit", "sie", "für", "warum", "kann"),
            "fr", Set.of("le", "la", "les", "est", "et", "comment", "quoi", "je", "pas", "un", "une", "de", "des", "pour", "que", "qui", "pourquoi"),
            "es", Set.of("el", "la", "los", "las", "es", "y", "cómo", "como", "qué", "que", "yo", "un", "una", "de", "para", "por", "porque"),
            "it", Set.of("il", "lo", "la", "gli", "è", "e", "come", "cosa", "che", "io", "un", "una", "di", "per", "perché", "non"),
            "pt", Set.of("o", "os", "as", "é", "e", "como", "que", "eu", "um", "uma", "de", "para", "por", "não", "porque"),
            "nl", Set.of("de", "het", "een", "is", "en", "hoe", "wat", "ik", "niet", "van", "voor", "waarom", "kan"));

    /** The reason the candidate must not answer the query, or empty when it may (the hard rules only). */
    public Optional<String> check(String query, String candidate) {
        List<String> all = reasons(query, candidate, true);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * The full decision for a candidate whose embedding has cosine {@code cosine} with the query: the hard rules,
     * then the learned model's confidence that the two ask the same thing must reach {@code minConfidence}
     * ({@code guard:low-confidence} otherwise).
     */
    public Optional<String> judge(String query, String candidate, double cosine, double minConfidence) {
        Optional<String> hard = check(query, candidate);
        if (hard.isPresent()) {
            return hard;
        }
        return GuardModel.confidence(GuardFeatures.of(query, candidate, cosine)) >= minConfidence
                ? Optional.empty() : Optional.of("guard:low-confidence");
    }

    /** Every hard rule that refuses the pair (only the first when {@code firstOnly}), for the evaluation's ablation. */
    public List<String> reasons(String query, String candidate, boolean firstOnly) {
        List<String> out = new ArrayList<>();
        String lq = language(query);
        String lc = language(candidate);
        boolean languagesDiffer = !lq.equals("und") && !lc.equals("und") && !lq.equals(lc);
        if (!script(query).equals(script(candidate)) || languagesDiffer) {
            out.add("guard:language-mismatch");
            if (firstOnly) {
                return out;
            }
        }
        List<String> q = tokens(query);
        List<String> c = tokens(candidate);
        if (!numbers(query, q).equals(numbers(candidate, c))) {
            out.add("guard:number-mismatch");
        }
        if (!filter(q, DATE_WORDS).equals(filter(c, DATE_WORDS))) {
            out.add("guard:date-mismatch");
        }
        if (negations(q) != negations(c)) {
            out.add("guard:negation-mismatch");
        }
        if (!covered(entities(query), lower(c)) || !covered(entities(candidate), lower(q))) {
            out.add("guard:entity-mismatch");
        }
        return firstOnly && out.size() > 1 ? List.of(out.get(0)) : out;
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Map<String, Integer> numbers(String text, List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            counts.merge(m.group().replace(",", ""), 1, Integer::sum);
        }
        for (String t : tokens) {
            String l = t.toLowerCase(Locale.ROOT);
            if (NUMBER_WORDS.contains(l)) {
                counts.merge(l, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Set<String> filter(List<String> tokens, Set<String> words) {
        Set<String> out = new HashSet<>();
        for (String t : tokens) {
            String l = t.toLowerCase(Locale.ROOT);
            if (words.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** Parity of negations: "not" vs none flips the meaning, "not ... never" vs "not ... never" does not. */
    private static int negations(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            String l = t.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (NEGATIONS.contains(l) || l.endsWith("n't")) {
                n++;
            }
        }
        return n % 2;
    }

    /**
     * Named entities: capitalised words that do not start a sentence, and any word with a digit or an inner capital
     * ("iPhone", "GPT-4"). Compared case-insensitively against all words of the other text, so "Python" starting one
     * sentence still matches "python" in the other.
     */
    static Set<String> entities(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = TOKEN.matcher(text);
        int previousEnd = 0;
        while (m.find()) {
            String t = m.group();
            String before = text.substring(previousEnd, m.start());
            boolean sentenceStart = previousEnd == 0 || SENTENCE_END.matcher(text.substring(0, m.start()).stripTrailing()).find()
                    || before.contains("\n");
            previousEnd = m.end();
            String l = t.toLowerCase(Locale.ROOT);
            if (NOT_ENTITIES.contains(l)) {
                continue;
            }
            boolean innerCapital = !t.substring(1).equals(t.substring(1).toLowerCase(Locale.ROOT)) && Character.isLetter(t.charAt(0));
            boolean capitalised = Character.isUpperCase(t.codePointAt(0)) && !sentenceStart;
            boolean mixedDigits = t.chars().anyMatch(Character::isDigit) && t.chars().anyMatch(Character::isLetter);
            if (capitalised || innerCapital || mixedDigits) {
                out.add(l);
            }
        }
        return out;
    }

    private static Set<String> lower(List<String> tokens) {
        Set<String> out = new HashSet<>();
        tokens.forEach(t -> out.add(t.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static boolean covered(Set<String> entities, Set<String> words) {
        return words.containsAll(entities);
    }

    /** The dominant Unicode script of the letters. */
    static String script(String text) {
        Map<Character.UnicodeScript, Integer> counts = new HashMap<>();
        text.codePoints().filter(Character::isLetter).forEach(cp -> counts.merge(Character.UnicodeScript.of(cp), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse("NONE");
    }

    /** A stop-word vote among a few Latin-script languages; "und" when too few words to tell. */
    static String language(String text) {
        List<String> tokens = tokens(text.toLowerCase(Locale.ROOT));
        String best = "und";
        int bestScore = 1; // a single shared word ("a", "de") is not evidence
        boolean tie = false;
        for (Map.Entry<String, Set<String>> e : STOPWORDS.entrySet()) {
            int score = 0;
            for (String t : tokens) {
                if (e.getValue().contains(t)) {
                    score++;
                }
            }
            if (score > bestScore) {
                best = e.getKey();
                bestScore = score;
                tie = false;
            } else if (score == bestScore && score > 1) {
                tie = true;
            }
        }
        return tie ? "und" : best;
    }
}
