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
 * entities, negation, opposites, the sides of a relation ("A better than B") and language (hard rules: embeddings
 * place "What is 2+2?" next to "What is 2+3?"), then that a
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
    /**
     * Opposites: one text with a word, the other with its opposite (and neither with both) ask different things
     * ("the longest" vs "the shortest period", "gain" vs "lose weight"). Symmetric; matched on lower-case words.
     */
    private static final Map<String, Set<String>> OPPOSITES = opposites(
            "best:worst", "better:worse", "longest:shortest", "long:short", "longer:shorter", "highest:lowest",
            "high:low", "higher:lower", "largest:smallest", "biggest:smallest", "big:small", "bigger:smaller",
            "large:small", "most:least", "more:less", "maximum:minimum", "max:min", "increase:decrease",
            "increasing:decreasing", "gain:lose", "gaining:losing", "buy:sell", "buying:selling", "before:after",
            "advantages:disadvantages", "advantage:disadvantage", "pros:cons", "male:female", "men:women", "man:woman",
            "boy:girl", "boys:girls", "true:false", "positive:negative", "legal:illegal", "rich:poor", "richest:poorest",
            "first:last", "cheap:expensive", "cheapest:expensive", "hot:cold", "fast:slow", "fastest:slowest",
            "faster:slower", "start:stop", "win:lose", "import:export", "upload:download", "encrypt:decrypt",
            "enable:disable", "add:remove", "open:close", "love:hate", "like:dislike", "happy:sad", "easy:hard",
            "easiest:hardest", "easier:harder", "strong:weak", "strongest:weakest", "top:bottom", "inside:outside",
            "input:output", "send:receive", "success:failure", "successful:unsuccessful", "safe:unsafe", "safe:dangerous",
            "healthy:unhealthy", "good:bad", "right:wrong", "north:south", "east:west", "sunrise:sunset",
            "introvert:extrovert", "introverts:extroverts", "past:future", "minimise:maximise", "minimize:maximize");
    /**
     * Asymmetric relation words: "A better than B" is not "B better than A", "from India to abroad" not "from abroad
     * to India". ("vs", "and", "or" are symmetric and not here.)
     */
    private static final Set<String> RELATIONS = Set.of("than", "from", "to", "into", "after", "before", "over",
            "instead", "rather");
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
        Set<String> wordsQ = lower(q);
        Set<String> wordsC = lower(c);
        if (!covered(entities(query), wordsC) || !covered(entities(candidate), wordsQ)) {
            out.add("guard:entity-mismatch");
        }
        if (opposed(wordsQ, wordsC)) {
            out.add("guard:opposite-mismatch");
        }
        if (swappedAcrossRelation(GuardFeatures.lower(q), GuardFeatures.lower(c))) {
            out.add("guard:order-mismatch");
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

    /** One text holds a word, the other its opposite, and neither holds both. */
    private static boolean opposed(Set<String> q, Set<String> c) {
        for (String w : q) {
            Set<String> opposite = OPPOSITES.get(w);
            if (opposite != null && !c.contains(w)) {
                for (String o : opposite) {
                    if (c.contains(o) && !q.contains(o)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Content words that changed sides of a relation word both texts share, in both directions: "Android better than
     * iPhone" vs "iPhone better than Android", "work abroad after LLB from India" vs "work in India after LLB from
     * abroad". A reordered list ("mistake or regret" vs "regret or mistake") has no relation word and passes. The k-th
     * occurrence of the word in one text is matched with the k-th in the other, counted from the start and from the
     * end (both must show the swap, so an extra "to" in one text does not misalign the rest), and a word found on both
     * sides of the relation within one text ("classical music better than pop music") proves nothing.
     */
    private static boolean swappedAcrossRelation(List<String> q, List<String> c) {
        for (String r : RELATIONS) {
            List<Integer> inQ = positions(q, r);
            List<Integer> inC = positions(c, r);
            int shared = Math.min(inQ.size(), inC.size());
            for (int k = 0; k < shared; k++) {
                if (swapped(q, inQ.get(k), c, inC.get(k))
                        && swapped(q, inQ.get(inQ.size() - shared + k), c, inC.get(inC.size() - shared + k))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean swapped(List<String> q, int iq, List<String> c, int ic) {
        Set<String> leftQ = content(q.subList(0, iq));
        Set<String> rightQ = content(q.subList(iq + 1, q.size()));
        Set<String> leftC = content(c.subList(0, ic));
        Set<String> rightC = content(c.subList(ic + 1, c.size()));
        Set<String> bothQ = new HashSet<>(leftQ);
        bothQ.retainAll(rightQ);
        Set<String> bothC = new HashSet<>(leftC);
        bothC.retainAll(rightC);
        leftQ.removeAll(bothQ);
        rightQ.removeAll(bothQ);
        leftC.removeAll(bothC);
        rightC.removeAll(bothC);
        return intersects(leftQ, rightC) && intersects(rightQ, leftC);
    }

    private static List<Integer> positions(List<String> words, String word) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals(word)) {
                out.add(i);
            }
        }
        return out;
    }

    /** The content stems of some words (the learned model's stop list), relation words left out. */
    private static Set<String> content(List<String> words) {
        Set<String> out = GuardFeatures.content(words);
        out.removeAll(RELATIONS);
        return out;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> opposites(String... pairs) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String pair : pairs) {
            String[] ab = pair.split(":");
            out.computeIfAbsent(ab[0], k -> new HashSet<>()).add(ab[1]);
            out.computeIfAbsent(ab[1], k -> new HashSet<>()).add(ab[0]);
        }
        out.replaceAll((k, v) -> Set.copyOf(v));
        return Map.copyOf(out);
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
