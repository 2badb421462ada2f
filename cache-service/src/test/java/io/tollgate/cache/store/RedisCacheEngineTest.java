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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.cache.client.EmbeddingClient;
import io.tollgate.cache.client.GrpcEmbeddingClient;
import io.tollgate.cache.client.InProcessEmbeddingClient;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.service.CacheContext;
import io.tollgate.cache.service.CacheEngine;
import io.tollgate.cache.service.CacheSettings;
import io.tollgate.cache.service.LookupResult;
import io.tollgate.cache.service.Policy;
import io.tollgate.cache.service.StoreResult;
import io.tollgate.cache.service.Tier;
import io.tollgate.common.cache.Prompt;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;

/**
 * Engines built by hand on the real Redis (each test its own key prefix), so that several replicas, restarts and
 * dead dependencies can live in one JVM. The embedder is the real in-process model.
 */
@QuarkusTest
class RedisCacheEngineTest {
    /** The defaults at the threshold the paraphrases here reach with the int8 model (0.98 to 0.99, under 0.995). */
    private static final CacheSettings SETTINGS = CacheSettings.defaults().withSimilarityThreshold(0.97);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    @RedisClientName("dead")
    ReactiveRedisDataSource deadRedis;

    @Inject
    InProcessEmbeddingClient model;

    @Inject
    GrpcEmbeddingClient deadWorker;

    private final String prefix = "tollgate-test:" + UUID.randomUUID();
    private final List<CostEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<CacheEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(CacheEngine::close);
    }

    private CacheEngine engine(ReactiveRedisDataSource ds, EmbeddingClient embedder, CacheSettings settings) {
        CacheEngine e = new CacheEngine(new RedisCacheStore(ds, prefix, Duration.ofSeconds(2), 10_000), new SemanticIndex(2000),
                embedder, events::add, settings);
        e.start();
        engines.add(e);
        return e;
    }

    private CacheEngine engine() {
        return engine(redis, model, SETTINGS);
    }

    @Test
    void replicaLearnsInsertsAndDeletionsThroughTheStream() throws InterruptedException {
        CacheEngine a = engine();
        CacheEngine b = engine();
        assertTrue(a.store(ctx("acme"), prompt("How do I reset my password?"), answer("Use the reset link."), SEMANTIC).stored());
        Prompt paraphrase = prompt("How can I reset my password?");
        LookupResult onB = awaitLookup(b, paraphrase, true);
        assertEquals(Tier.SEMANTIC, onB.tier());
        assertEquals("Use the reset link.", onB.completion().content());

        assertEquals(1, a.invalidate("acme", "", ""));
        // B drops the entry from its index once the deletion arrives; its Redis read already misses before that
        assertFalse(awaitLookup(b, paraphrase, false).hit());
    }

    private LookupResult awaitLookup(CacheEngine engine, Prompt prompt, boolean hit) throws InterruptedException {
        LookupResult r = null;
        for (int i = 0; i < 100; i++) { // stream delivery is asynchronous: poll, up to 10 s
            r = engine.lookup(ctx("acme"), prompt, SEMANTIC);
            if (r.hit() == hit) {
                return r;
            }
            Thread.sleep(100);
        }
        return r;
    }

    @Test
    void aHitJudgedWrongRaisesItsEntrysFloorOnceAndOnlyInItsTenant() {
        CacheEngine e = engine();
        e.store(ctx("acme"), prompt("How do I reset my password?"), answer("Use the reset link."), SEMANTIC);
        CacheContext asked = ctx("acme");
        LookupResult served = e.lookup(asked, prompt("How can I reset my password?"), SEMANTIC);
        assertEquals(Tier.SEMANTIC, served.tier());

        TollgateException otherTenant = assertThrows(TollgateException.class, () -> e.feedback("globex", asked.requestId(), false));
        assertEquals(ErrorKind.NOT_FOUND, otherTenant.kind());
        CacheEngine.FeedbackResult r = e.feedback("acme", asked.requestId(), false);
        assertEquals(served.entryId(), r.entryId());
        assertEquals(served.similarity() + 0.001f, r.entryFloor(), 1e-6);
        assertEquals(Float.toString(r.entryFloor()),
                redis.hash(String.class).hget(prefix + ":{acme}:e:" + served.entryId(), "floor").await().indefinitely());
        // judged once: the same request cannot be judged again
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(TollgateException.class, () -> e.feedback("acme", asked.requestId(), true)).kind());

        LookupResult again = e.lookup(ctx("acme"), prompt("How can I reset my password?"), SEMANTIC);
        assertFalse(again.hit());
        assertEquals("feedback:entry-floor", again.refusedReason());
        assertEquals(Tier.EXACT, e.lookup(ctx("acme"), prompt("How do I reset my password?"), SEMANTIC).tier(), "the exact tier is untouched");
    }

    @Test
    void feedbackWithoutARequestIdOrForAMissIsRefused() {
        CacheEngine e = engine();
        TollgateException blank = assertThrows(TollgateException.class, () -> e.feedback("acme", " ", true));
        assertEquals(ErrorKind.INVALID_REQUEST, blank.kind());
        assertEquals("request_id", blank.param());
        CacheContext missed = ctx("acme");
        assertFalse(e.lookup(missed, prompt("Is there a status page?"), SEMANTIC).hit());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(TollgateException.class, () -> e.feedback("acme", missed.requestId(), true)).kind());
    }

    @Test
    void anErrorBudgetLearnsTheTenantsThresholdFromJudgementsSharedThroughRedis() {
        CacheSettings.Feedback budget = new CacheSettings.Feedback(0, Map.of("acme", 0.05), 1000, 2, Duration.ofHours(1));
        CacheSettings settings = SETTINGS.withFeedback(budget);
        CacheEngine a = engine(redis, model, settings);
        a.store(ctx("acme"), prompt("How do I reset my password?"), answer("Use the reset link."), SEMANTIC);
        a.store(ctx("acme"), prompt("What is the refund policy?"), answer("30 days."), SEMANTIC);
        float highestWrong = 0;
        CacheEngine.FeedbackResult last = null;
        for (String paraphrase : List.of("How can I reset my password?", "What's the refund policy?")) {
            CacheContext c = ctx("acme");
            LookupResult hit = a.lookup(c, prompt(paraphrase), SEMANTIC);
            assertEquals(Tier.SEMANTIC, hit.tier(), paraphrase);
            highestWrong = Math.max(highestWrong, hit.similarity());
            last = a.feedback("acme", c.requestId(), false);
        }
        // two judgements, both wrong: nothing is within 5 %, so the threshold goes just above the highest wrong hit
        assertEquals("error-budget", last.thresholdSource());
        assertEquals(2, last.observations());
        assertTrue(last.tenantThreshold() > highestWrong, last + " vs " + highestWrong);

        // a replica reads the same judgements from Redis: its lookups use the learned threshold too
        CacheEngine b = engine(redis, model, settings);
        b.store(ctx("acme"), prompt("How do I change my email address?"), answer("Settings, then Account."), SEMANTIC);
        Prompt close = prompt("How can I change my email address?");
        LookupResult measured = b.lookup(ctx("acme"), close, new Policy(true, 0.5f, false, 0, List.of()));
        assertTrue(measured.hit(), measured.refusedReason());
        assertEquals(measured.similarity() >= last.tenantThreshold(), b.lookup(ctx("acme"), close, SEMANTIC).hit());
    }

    @Test
    void restartedReplicaRebuildsItsIndexFromRedis() {
        CacheEngine before = engine();
        assertTrue(before.store(ctx("acme"), prompt("What is the refund policy?"), answer("30 days."), SEMANTIC).stored());
        before.close();
        CacheEngine after = engine();
        LookupResult r = after.lookup(ctx("acme"), prompt("What's the refund policy?"), SEMANTIC);
        assertTrue(r.hit(), r.refusedReason());
        assertEquals(Tier.SEMANTIC, r.tier());
    }

    @Test
    void rebuildReadsEntriesInBatchesAndIndexesOnlyThoseWithAVector() {
        CacheEngine before = engine();
        int semantic = 300; // more than one read batch (256)
        for (int i = 0; i < semantic; i++) {
            assertTrue(before.store(ctx("acme"), prompt("What is the shipping cost to zone " + i + "?"), answer("Zone " + i + "."),
                    SEMANTIC).stored());
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(before.store(ctx("acme"), prompt("Exact only, question " + i), answer("A" + i), Policy.exactOnly()).stored());
        }
        before.close();

        CacheEngine after = new CacheEngine(new RedisCacheStore(redis, prefix, Duration.ofSeconds(2), 10_000),
                new SemanticIndex(2000), model, events::add, SETTINGS);
        engines.add(after);
        assertEquals(semantic, after.start(), "every entry with a vector, from every batch, and none without one");
        LookupResult last = after.lookup(ctx("acme"), prompt("What's the shipping cost to zone 299?"), SEMANTIC);
        assertTrue(last.hit(), last.refusedReason());
        assertEquals(Tier.SEMANTIC, last.tier(), "found in the rebuilt index, last batch");
        assertEquals("Zone 299.", last.completion().content());
        LookupResult exactOnly = after.lookup(ctx("acme"), prompt("Exact only, question 7"), SEMANTIC);
        assertEquals(Tier.EXACT, exactOnly.tier(), "entries without a vector stay served by the exact tier");
    }

    @Test
    void entriesExpireAfterTheirTtl() throws InterruptedException {
        CacheEngine e = engine();
        Policy shortLived = new Policy(true, null, false, 1, List.of());
        StoreResult s = e.store(ctx("acme"), prompt("What time zone is Berlin in?"), answer("CET."), shortLived);
        assertTrue(s.stored());
        assertTrue(e.lookup(ctx("acme"), prompt("What time zone is Berlin in?"), SEMANTIC).hit());
        Thread.sleep(1_500);
        assertFalse(e.lookup(ctx("acme"), prompt("What time zone is Berlin in?"), SEMANTIC).hit());
        assertFalse(e.lookup(ctx("acme"), prompt("Which time zone is Berlin in?"), SEMANTIC).hit());
        assertFalse(redis.key().exists(prefix + ":{acme}:e:" + s.entryId()).await().indefinitely());
    }

    @Test
    void tenantsAreSeparateKeySpacesAndIndexes() {
        CacheEngine e = engine();
        StoreResult s = e.store(ctx("alpha"), prompt("What is our VPN address?"), answer("vpn.alpha.example"), SEMANTIC);
        assertTrue(redis.key().exists(prefix + ":{alpha}:e:" + s.entryId()).await().indefinitely());
        assertFalse(e.lookup(ctx("beta"), prompt("What is our VPN address?"), SEMANTIC).hit());
        assertEquals(0, e.invalidate("beta", "", ""));
        assertTrue(e.lookup(ctx("alpha"), prompt("What is our VPN address?"), SEMANTIC).hit());
    }

    @Test
    void redisUnavailableAnswersMissesNotErrors() {
        CacheEngine e = engine(deadRedis, model, SETTINGS);
        for (int i = 0; i < 10; i++) { // past the breaker's threshold: later calls short-circuit
            LookupResult r = e.lookup(ctx("acme"), prompt("Is Redis up?"), SEMANTIC);
            assertFalse(r.hit());
        }
        StoreResult s = e.store(ctx("acme"), prompt("Is Redis up?"), answer("no"), SEMANTIC);
        assertFalse(s.stored());
        assertEquals("store_unavailable", s.reason());
        assertEquals(10, events.stream().filter(ev -> ev.getOutcome() == Outcome.OUTCOME_MISS).count());
    }

    @Test
    void workerUnavailableFallsBackToExactTier() {
        CacheEngine e = engine(redis, deadWorker, SETTINGS);
        assertFalse(e.lookup(ctx("acme"), prompt("What is the VAT rate?"), SEMANTIC).hit());
        assertTrue(e.store(ctx("acme"), prompt("What is the VAT rate?"), answer("19%."), SEMANTIC).stored());
        assertEquals(Tier.EXACT, e.lookup(ctx("acme"), prompt("What is the VAT rate?"), SEMANTIC).tier());
        assertFalse(e.lookup(ctx("acme"), prompt("What's the VAT rate?"), SEMANTIC).hit());
    }

    @Test
    void storeReusesTheLookupsEmbedding() {
        CacheEngine e = engine();
        CacheContext c = ctx("acme");
        int before = model.calls();
        e.lookup(c, prompt("How long is the warranty?"), SEMANTIC);
        e.store(c, prompt("How long is the warranty?"), answer("Two years."), SEMANTIC);
        assertEquals(before + 1, model.calls());
    }

    @Test
    void everyLookupRecordsOneRetrieveEventWithTheSavings() {
        CacheEngine e = engine();
        CacheContext miss = ctx("acme");
        e.lookup(miss, prompt("What is the SLA?"), SEMANTIC);
        e.store(miss, prompt("What is the SLA?"), answer("99.9%."), SEMANTIC);
        CacheContext hit = ctx("acme");
        e.lookup(hit, prompt("What is the SLA?"), SEMANTIC);
        assertEquals(2, events.size());
        CostEvent m = events.get(0);
        assertEquals(miss.requestId(), m.getRequestId());
        assertEquals(Outcome.OUTCOME_MISS, m.getOutcome());
        assertEquals(0, m.getBaselineOutputTokens());
        CostEvent h = events.get(1);
        assertEquals(hit.requestId(), h.getRequestId());
        assertEquals(Stage.STAGE_RETRIEVE, h.getStage());
        assertEquals("cache", h.getService());
        assertEquals("tollgate", h.getProvider());
        assertEquals("tollgate-cache", h.getModel());
        assertEquals(1, h.getLookups());
        assertEquals(Outcome.OUTCOME_EXACT_HIT, h.getOutcome());
        assertEquals("gpt-4o", h.getBaselineModel());
        assertEquals(20, h.getBaselineInputTokens());
        assertEquals(40, h.getBaselineOutputTokens());
        assertEquals("exact", h.getAttributesOrThrow("tier"));
    }

    @Test
    void modelVersionChangeInvalidatesItsEntries() {
        CacheEngine v1 = engine(redis, model, SETTINGS.withModelVersions(Map.of("gpt-4o-mini", "1")));
        assertTrue(v1.store(ctx("acme"), prompt("Summarise the changelog"), answer("old"), SEMANTIC).stored());
        v1.close();
        CacheEngine v2 = engine(redis, model, SETTINGS.withModelVersions(Map.of("gpt-4o-mini", "2")));
        assertFalse(v2.lookup(ctx("acme"), prompt("Summarise the changelog"), SEMANTIC).hit());
        assertFalse(v2.lookup(ctx("acme"), prompt("Summarize the changelog"), SEMANTIC).hit());
        assertEquals(0, v2.invalidate("acme", "", "")); // the rebuild already removed the stale entry
    }
}
