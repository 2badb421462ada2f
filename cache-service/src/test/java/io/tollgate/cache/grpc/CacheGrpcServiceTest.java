package io.tollgate.cache.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.cache.v1.CachePolicy;
import io.tollgate.contracts.cache.v1.CacheServiceGrpc;
import io.tollgate.contracts.cache.v1.FeedbackRequest;
import io.tollgate.contracts.cache.v1.FeedbackResponse;
import io.tollgate.contracts.cache.v1.InvalidateRequest;
import io.tollgate.contracts.cache.v1.LookupRequest;
import io.tollgate.contracts.cache.v1.LookupResponse;
import io.tollgate.contracts.cache.v1.StoreRequest;
import io.tollgate.contracts.cache.v1.StoreResponse;
import io.tollgate.contracts.cache.v1.Tier;
import io.tollgate.contracts.common.v1.ChatCompletion;
import io.tollgate.contracts.common.v1.ChatMessage;
import io.tollgate.contracts.common.v1.ChatParams;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.common.v1.Usage;

/** The whole service over gRPC, with the Redis store and the real in-process embedding model. */
@QuarkusTest
class CacheGrpcServiceTest {
    @GrpcClient("cache")
    CacheServiceGrpc.CacheServiceBlockingStub cache;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static RequestContext ctx(String tenant) {
        return RequestContext.newBuilder().setRequestId(Ids.newId()).setTenant(tenant).setBaselineModel("gpt-4o").build();
    }

    static ChatRequest chat(String question, double temperature) {
        return ChatRequest.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole("system").setContent("You are terse."))
                .addMessages(ChatMessage.newBuilder().setRole("user").setContent(question))
                .setParams(ChatParams.newBuilder().setModel("gpt-4o-mini").setTemperature(temperature))
                .build();
    }

    private static CachePolicy semantic() {
        return CachePolicy.newBuilder().setSemanticEnabled(true).build();
    }

    private StoreResponse store(RequestContext ctx, ChatRequest chat, String answer, CachePolicy policy) {
        return cache.store(StoreRequest.newBuilder().setContext(ctx).setRequest(chat).setPolicy(policy)
                .setCompletion(ChatCompletion.newBuilder().setId("c-" + answer.hashCode()).setModel("gpt-4o-mini").setContent(answer)
                        .setUsage(Usage.newBuilder().setInputTokens(12).setOutputTokens(30)))
                .build());
    }

    private LookupResponse lookup(RequestContext ctx, ChatRequest chat, CachePolicy policy) {
        return cache.lookup(LookupRequest.newBuilder().setContext(ctx).setRequest(chat).setPolicy(policy).build());
    }

    @Test
    void exactHitAfterStore() {
        String tenant = "exact-" + run;
        ChatRequest chat = chat("What is the boiling point of water?", 0);
        assertFalse(lookup(ctx(tenant), chat, CachePolicy.getDefaultInstance()).getHit());
        StoreResponse stored = store(ctx(tenant), chat, "100 °C at sea level.", CachePolicy.getDefaultInstance());
        assertTrue(stored.getStored(), stored.getReason());
        LookupResponse hit = lookup(ctx(tenant), chat, CachePolicy.getDefaultInstance());
        assertTrue(hit.getHit());
        assertEquals(Tier.TIER_EXACT, hit.getTier());
        assertEquals("100 °C at sea level.", hit.getCompletion().getContent());
        assertEquals(30, hit.getCompletion().getUsage().getOutputTokens());
        assertEquals(stored.getEntryId(), hit.getEntryId());
    }

    @Test
    void paraphraseIsServedFromTheSemanticTier() {
        String tenant = "para-" + run;
        RequestContext first = ctx(tenant);
        ChatRequest original = chat("How do I install Python?", 0);
        assertFalse(lookup(first, original, semantic()).getHit());
        assertTrue(store(first, original, "Download it from python.org.", semantic()).getStored());
        LookupResponse hit = lookup(ctx(tenant), chat("How can I install Python?", 0), semantic());
        assertTrue(hit.getHit(), "refused: " + hit.getRefusedReason() + " similarity " + hit.getSimilarity());
        assertEquals(Tier.TIER_SEMANTIC, hit.getTier());
        assertEquals("Download it from python.org.", hit.getCompletion().getContent());
    }

    @Test
    void guardRefusesNearMissesAndSaysWhy() {
        String tenant = "guard-" + run;
        // a low threshold makes the embedding propose the near miss; the guard must refuse it
        CachePolicy loose = CachePolicy.newBuilder().setSemanticEnabled(true).setSimilarityThreshold(0.5f).build();
        assertTrue(store(ctx(tenant), chat("What is 2+2?", 0), "4", loose).getStored());
        assertTrue(store(ctx(tenant), chat("How do I install Python?", 0), "Use python.org.", loose).getStored());

        LookupResponse sum = lookup(ctx(tenant), chat("What is 2+3?", 0), loose);
        assertFalse(sum.getHit());
        assertEquals("guard:number-mismatch", sum.getRefusedReason());

        LookupResponse negated = lookup(ctx(tenant), chat("How do I not install Python?", 0), loose);
        assertFalse(negated.getHit());
        assertEquals("guard:negation-mismatch", negated.getRefusedReason());
    }

    @Test
    void semanticHitNeverCrossesTenants() {
        ChatRequest chat = chat("Explain what a hash map is.", 0);
        RequestContext owner = ctx("owner-" + run);
        lookup(owner, chat, semantic());
        assertTrue(store(owner, chat, "A key-value table.", semantic()).getStored());
        assertTrue(lookup(ctx("owner-" + run), chat, semantic()).getHit());
        LookupResponse other = lookup(ctx("other-" + run), chat, semantic());
        assertFalse(other.getHit());
        assertFalse(lookup(ctx("other-" + run), chat("Explain what a hashmap is", 0), semantic()).getHit());
    }

    @Test
    void nondeterministicToolAndNoStoreRequestsAreNotStored() {
        String tenant = "policy-" + run;
        StoreResponse hot = store(ctx(tenant), chat("Write a poem", 0.7), "roses", CachePolicy.getDefaultInstance());
        assertFalse(hot.getStored());
        assertEquals("nondeterministic", hot.getReason());

        ChatRequest tools = chat("Book a flight", 0).toBuilder()
                .setParams(ChatParams.newBuilder().setModel("gpt-4o-mini").setTemperature(0).setHasTools(true)).build();
        assertEquals("tools", store(ctx(tenant), tools, "booked", CachePolicy.getDefaultInstance()).getReason());

        ChatRequest seeded = chat("Pick a number", 0.9).toBuilder()
                .setParams(ChatParams.newBuilder().setModel("gpt-4o-mini").setTemperature(0.9).setSeed(7)).build();
        assertTrue(store(ctx(tenant), seeded, "7", CachePolicy.getDefaultInstance()).getStored());

        StoreResponse noStore = store(ctx(tenant), chat("Secret question", 0), "x", CachePolicy.newBuilder().setNoStore(true).build());
        assertFalse(noStore.getStored());
        assertEquals("no_store", noStore.getReason());
        assertFalse(lookup(ctx(tenant), chat("Secret question", 0), CachePolicy.getDefaultInstance()).getHit());
    }

    @Test
    void invalidationByTagThenByModelThenTenant() {
        String tenant = "inval-" + run;
        CachePolicy tagged = CachePolicy.newBuilder().setSemanticEnabled(true).addTags("faq").build();
        ChatRequest a = chat("What are your opening hours?", 0);
        ChatRequest b = chat("Where is your office?", 0);
        store(ctx(tenant), a, "9 to 5", tagged);
        store(ctx(tenant), b, "Berlin", semantic());
        assertEquals(1, cache.invalidate(InvalidateRequest.newBuilder().setTenant(tenant).setTag("faq").build()).getRemoved());
        assertFalse(lookup(ctx(tenant), a, semantic()).getHit());
        assertTrue(lookup(ctx(tenant), b, semantic()).getHit());
        assertEquals(0, cache.invalidate(InvalidateRequest.newBuilder().setTenant(tenant).setModel("other-model").build()).getRemoved());
        assertEquals(1, cache.invalidate(InvalidateRequest.newBuilder().setTenant(tenant).setModel("gpt-4o-mini").build()).getRemoved());
        assertFalse(lookup(ctx(tenant), b, semantic()).getHit());
    }

    @Test
    void badInputIsInvalidArgument() {
        StatusRuntimeException noTenant = assertThrows(StatusRuntimeException.class,
                () -> lookup(RequestContext.newBuilder().setRequestId(Ids.newId()).build(), chat("hi", 0), semantic()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noTenant.getStatus().getCode());

        ChatRequest empty = ChatRequest.newBuilder().setParams(ChatParams.newBuilder().setModel("gpt-4o-mini").setTemperature(0)).build();
        StatusRuntimeException noMessages = assertThrows(StatusRuntimeException.class, () -> lookup(ctx("bad-" + run), empty, semantic()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noMessages.getStatus().getCode());

        StatusRuntimeException invalidate = assertThrows(StatusRuntimeException.class,
                () -> cache.invalidate(InvalidateRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalidate.getStatus().getCode());

        StatusRuntimeException noRequest = assertThrows(StatusRuntimeException.class,
                () -> cache.feedback(FeedbackRequest.newBuilder().setTenant("bad-" + run).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noRequest.getStatus().getCode());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> cache.feedback(FeedbackRequest.newBuilder().setTenant("bad-" + run).setRequestId(Ids.newId()).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    @Test
    void aServedSemanticHitIsJudgedOverGrpc() {
        String tenant = "judge-" + run;
        RequestContext first = ctx(tenant);
        assertTrue(store(first, chat("How do I install Python?", 0), "Download it from python.org.", semantic()).getStored());
        RequestContext asked = ctx(tenant);
        LookupResponse hit = lookup(asked, chat("How can I install Python?", 0), semantic());
        assertEquals(Tier.TIER_SEMANTIC, hit.getTier(), hit.getRefusedReason());
        FeedbackResponse judged = cache.feedback(FeedbackRequest.newBuilder().setTenant(tenant).setRequestId(asked.getRequestId())
                .setCorrect(true).build());
        assertEquals(hit.getEntryId(), judged.getEntryId());
        assertEquals(hit.getSimilarity(), judged.getSimilarity(), 1e-6);
        assertEquals(0f, judged.getEntryFloor(), "a correct hit leaves the entry as it was");
        assertEquals(1, judged.getObservations());
        assertEquals("default", judged.getThresholdSource(), "no error budget: the configured threshold");
        assertTrue(lookup(ctx(tenant), chat("How can I install Python?", 0), semantic()).getHit());
    }
}
