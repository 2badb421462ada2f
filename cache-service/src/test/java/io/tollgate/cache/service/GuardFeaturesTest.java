package io.tollgate.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuardFeaturesTest {

    @Test
    void substitutedKeyTermIsCountedOnBothSides() {
        GuardFeatures f = GuardFeatures.of("How do I learn Python?", "How do I learn Java?", 0.9);
        assertEquals(1, f.queryOnly());
        assertEquals(1, f.candidateOnly());
        assertEquals(1.0 / 3, f.contentJaccard(), 1e-9); // {learn, python} vs {learn, java}: 1 shared of 3
        assertFalse(f.questionWordMismatch());
    }

    @Test
    void functionWordsAndInflectionsDoNotCount() {
        GuardFeatures f = GuardFeatures.of("How can I learn programming languages?", "How do you learn a programming language", 0.95);
        assertEquals(0, f.queryOnly());
        assertEquals(0, f.candidateOnly());
        assertEquals(1.0, f.contentJaccard(), 1e-9);
    }

    @Test
    void differentQuestionWordsAreFlagged() {
        assertTrue(GuardFeatures.of("Why do cats purr?", "How do cats purr?", 0.9).questionWordMismatch());
        assertFalse(GuardFeatures.of("What's the refund policy?", "What is the refund policy?", 0.99).questionWordMismatch());
    }
}
