package io.tollgate.cache.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SemanticIndexTest {
    private static float[] random(Random r) {
        float[] v = new float[32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void graphIndexFindsInsertedVectorsAndForgetsDeletedOnes() {
        SemanticIndex index = new SemanticIndex(20); // past 20 entries the jvector graph answers
        Random r = new Random(42);
        float[][] vectors = new float[200][];
        long far = System.currentTimeMillis() + 600_000;
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = random(r);
            index.add("t", "f", "e" + i, "ctx", vectors[i], far);
        }
        List<Candidate> top = index.search("t", "f", vectors[123], 3);
        assertEquals("e123", top.get(0).entryId());
        assertEquals(1.0f, top.get(0).similarity(), 1e-4);
        index.remove("t", "f", "e123");
        assertTrue(index.search("t", "f", vectors[123], 3).stream().noneMatch(c -> c.entryId().equals("e123")));
        assertEquals(199, index.size("t", "f"));
    }

    @Test
    void partitionsNeverShareEntries() {
        SemanticIndex index = new SemanticIndex(2000);
        float[] v = random(new Random(1));
        index.add("tenant-a", "gpt-4o", "a1", "ctx", v, System.currentTimeMillis() + 60_000);
        assertTrue(index.search("tenant-b", "gpt-4o", v, 5).isEmpty());
        assertTrue(index.search("tenant-a", "claude", v, 5).isEmpty());
        assertEquals(1, index.search("tenant-a", "gpt-4o", v, 5).size());
    }

    @Test
    void expiredEntriesAreSkippedAndSwept() {
        SemanticIndex index = new SemanticIndex(2000);
        float[] v = random(new Random(2));
        index.add("t", "f", "old", "ctx", v, System.currentTimeMillis() - 1);
        assertTrue(index.search("t", "f", v, 5).isEmpty());
        assertEquals(1, index.sweep());
        assertEquals(0, index.size("t", "f"));
    }

    @Test
    void theSameQuestionUnderManyContextsDoesNotCrowdOutTheOneThatMatches() {
        for (int annThreshold : new int[] {1_000, 20}) { // exhaustive, then the graph with the filter inside the search
            SemanticIndex index = new SemanticIndex(annThreshold);
            Random r = new Random(7);
            long far = System.currentTimeMillis() + 600_000;
            float[] question = random(r);
            for (int i = 0; i < 60; i++) {
                index.add("t", "f", "other" + i, "ctx-" + i, question, far);   // identical text, other system prompts
                index.add("t", "f", "noise" + i, "mine", random(r), far);      // this context, other questions
            }
            index.add("t", "f", "mine", "mine", question, far);
            List<Candidate> top = index.search("t", "f", question, 5, "mine");
            assertEquals("mine", top.get(0).entryId(), "ann threshold " + annThreshold);
            assertTrue(top.stream().allMatch(c -> c.contextKey().equals("mine")));
        }
    }

    @Test
    void aSearchListBelowOneIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SemanticIndex(10, 0));
    }
}
