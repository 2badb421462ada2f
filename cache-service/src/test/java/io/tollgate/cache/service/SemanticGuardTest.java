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
        assertEquals(Optional.of("guard:low-confidence"),
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
