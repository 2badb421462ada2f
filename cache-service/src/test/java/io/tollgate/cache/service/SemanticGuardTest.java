package io.tollgate.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SemanticGuardTest {
    private final SemanticGuard guard = new SemanticGuard();

    @Test
    void differentNumbersAreRefused() {
        assertEquals(Optional.of("guard:number-mismatch"), guard.check("What is 2+2?", "What is 2+3?"));
        assertEquals(Optional.of("guard:number-mismatch"), guard.check("Convert five miles to km", "Convert six miles to km"));
    }

    @Test
    void negationIsRefused() {
        assertEquals(Optional.of("guard:negation-mismatch"), guard.check("How do I install Python?", "How do I not install Python?"));
        assertEquals(Optional.of("guard:negation-mismatch"), guard.check("Why doesn't my code compile?", "Why does my code compile?"));
    }

    @Test
    void differentEntitiesAreRefused() {
        assertEquals(Optional.of("guard:entity-mismatch"), guard.check("How do I install Python on Windows?", "How do I install Python on Linux?"));
    }

    @Test
    void differentDatesAreRefused() {
        assertEquals(Optional.of("guard:date-mismatch"), guard.check("What is the weather tomorrow?", "What is the weather today?"));
    }

    @Test
    void differentLanguagesAreRefused() {
        assertEquals(Optional.of("guard:language-mismatch"),
                guard.check("What is the capital of France?", "Quelle est la capitale de la France ?"));
        assertEquals(Optional.of("guard:language-mismatch"), guard.check("What is the capital of Russia?", "Какая столица России?"));
    }

    @Test
    void oppositesAreRefused() {
        assertEquals(Optional.of("guard:opposite-mismatch"), guard.check(
                "Which carrier has the longest period to keep an old number?", "Which carrier has the shortest period to keep an old number?"));
        assertEquals(Optional.of("guard:opposite-mismatch"), guard.check("How do I gain weight fast?", "How do I lose weight fast?"));
        // both words on both sides: the same question
        assertTrue(guard.check("Is coffee good or bad for you?", "Is coffee bad or good for you?").isEmpty());
    }

    @Test
    void termsSwappedAcrossARelationAreRefused() {
        assertEquals(Optional.of("guard:order-mismatch"),
                guard.check("why is an android phone better than an iphone?", "why is an iphone better than an android phone?"));
        assertEquals(Optional.of("guard:order-mismatch"),
                guard.check("Can I work abroad after persuing LLB from India?", "Can I work in India after persuing LLB from abroad?"));
        assertEquals(Optional.of("guard:order-mismatch"), guard.check("how to convert pdf to word", "how to convert word to pdf"));
        // a reordered list has no relation word; a moved modifier stays on its side
        assertTrue(guard.check("What is your biggest mistake or regret?", "What is your biggest regret or mistake?").isEmpty());
        assertTrue(guard.check("How do I move from Java to Kotlin?", "How do I move to Kotlin from Java quickly?").isEmpty());
        // QQP duplicates the first version refused: the same text, a word on both sides, an extra "to"
        String compare = "How do the tourist attractions on the Scandinavian Highlands compare to attractions in Albania?";
        assertTrue(guard.check(compare, compare).isEmpty());
        assertTrue(guard.check("Why is classical music better than most pop music?", "Is classical music really better than pop music?").isEmpty());
        assertTrue(guard.check("I said to a girl that I liked her and she says she never knows what is going to happen to her relationship",
                "I told a girl in a relationship that I liked her and she says she never knows what is going to happen to her relationship").isEmpty());
    }

    @Test
    void truePhrasesAreServed() {
        assertTrue(guard.check("How do I install Python?", "What are the steps to install Python?").isEmpty());
        assertTrue(guard.check("Python: how do I install it?", "How can I install python?").isEmpty());
        assertTrue(guard.check("What is 2+2?", "what is 2 + 2").isEmpty());
    }

    @Test
    void substitutedKeyTermIsRefused() {
        // capitalised: the entity rule; lower-case (no entity cue): the learned model, at the fp32 cosine of the pair
        assertEquals(Optional.of("guard:entity-mismatch"), guard.check("How do I learn Python?", "How do I learn Java?"));
        assertEquals(Optional.of("guard:low-confidence"), guard.judge("how do i learn python", "how do i learn java", 0.4536, 0.5));
        // an opposite is a hard rule now, checked before the model
        assertEquals(Optional.of("guard:opposite-mismatch"),
                guard.judge("What is the best programming language?", "What is the worst programming language?", 0.8223, 0.5));
    }

    @Test
    void learnedModelServesCloseParaphrasesAndRulesStillComeFirst() {
        assertTrue(guard.judge("How do I install Python?", "How can I install Python?", 0.9887, 0.8).isEmpty());
        assertTrue(guard.judge("How do I install Python?", "How can I install Python?", 0.9887, 0.0).isEmpty());
        assertEquals(Optional.of("guard:number-mismatch"), guard.judge("What is 2+2?", "What is 2+3?", 0.99, 0.0));
        // the cosine dominates the model: a much lower cosine is refused whatever the words
        assertEquals(Optional.of("guard:low-confidence"), guard.judge("How do I install Python?", "How can I install Python?", 0.85, 0.8));
    }
}
