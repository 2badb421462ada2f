package io.tollgate.cache.store;

import static io.tollgate.cache.store.EngineTestData.SEMANTIC;
import static io.tollgate.cache.store.EngineTestData.answer;
import static io.tollgate.cache.store.EngineTestData.ctx;
import static io.tollgate.cache.store.EngineTestData.prompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.cache.client.InProcessEmbeddingClient;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.service.CacheContext;
import io.tollgate.cache.service.CacheEngine;
import io.tollgate.cache.service.CacheSettings;
import io.tollgate.cache.service.LookupResult;
import io.tollgate.cache.service.Policy;
import io.tollgate.cache.service.Tier;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * Feedback in the embedded default (memory store, one process): the same behaviour as on Redis. A Quarkus test only
 * for the shared in-process model (its native tokenizer loads once per class loader).
 */
@QuarkusTest
class MemoryStoreFeedbackTest {
    private final List<CostEvent> events = new ArrayList<>();

    @Inject
    InProcessEmbeddingClient model;

    private CacheEngine engine(CacheSettings settings) {
        CacheEngine e = new CacheEngine(new MemoryCacheStore(1_000), new SemanticIndex(2_000), model, events::add, settings);
        e.start();
        return e;
    }

    @Test
    void aWrongHitRaisesTheEntrysFloorAndFeedsTheTenantsBudget() {
        CacheSettings.Feedback budget = new CacheSettings.Feedback(0, Map.of("acme", 0.05), 100, 1, Duration.ofMinutes(5));
        CacheEngine e = engine(CacheSettings.defaults().withSimilarityThreshold(0.97).withFeedback(budget));
        e.store(ctx("acme"), prompt("How do I reset my password?"), answer("Use the reset link."), SEMANTIC);
        CacheContext asked = ctx("acme");
        LookupResult hit = e.lookup(asked, prompt("How can I reset my password?"), SEMANTIC);
        assertEquals(Tier.SEMANTIC, hit.tier(), hit.refusedReason());

        CacheEngine.FeedbackResult r = e.feedback("acme", asked.requestId(), false);
        assertEquals(hit.similarity() + 0.001f, r.entryFloor(), 1e-6);
        assertEquals(1, r.observations());
        assertEquals("error-budget", r.thresholdSource(), "one judgement, all wrong: over budget");
        assertTrue(r.tenantThreshold() > hit.similarity(), r.toString());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(TollgateException.class, () -> e.feedback("acme", asked.requestId(), false)).kind());

        LookupResult again = e.lookup(ctx("acme"), prompt("How can I reset my password?"), new Policy(true, 0.9f, false, 0, List.of()));
        assertFalse(again.hit(), "refused by the entry's floor even under a lower request threshold");
        assertEquals("feedback:entry-floor", again.refusedReason());
        assertEquals(Tier.EXACT, e.lookup(ctx("acme"), prompt("How do I reset my password?"), SEMANTIC).tier());
    }
}
