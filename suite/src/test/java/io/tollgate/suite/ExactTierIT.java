package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The gateway's own read of the exact tier (docs/design/004-exact-tier-in-the-gateway.md), through the five real
 * services: the cache service writes an answer to Redis, the gateway serves the repeat from Redis without asking the
 * cache service, the tenant stays part of the key, invalidation through the cache service reaches it, and the ledger
 * still gets exactly one retrieve event per lookup.
 */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class ExactTierIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRepeatIsServedByTheGatewayFromRedisWithoutTheCacheService(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        String tag = "exact-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "What is the boiling point of water at sea level? (" + tag + ")");

        GatewayClient.Reply first = client.chat(Demo.ACME_SUPPORT, body); // exact-only key: the miss needs no cache hop
        assertEquals(200, first.status(), first.raw());
        assertEquals("miss", first.cache());

        double gatewayHits = metric(suite, "gateway", "tollgate_gateway_exact_tier_reads_total", "result=\"hit\"");
        double cacheExactHits = metric(suite, "cache", "tollgate_cache_lookups_total", "outcome=\"OUTCOME_EXACT_HIT\"");
        GatewayClient.Reply second = RequestPathIT.awaitHit(client, Demo.ACME_SUPPORT, body);
        assertEquals("hit-exact", second.cache(), second.raw());
        assertEquals(first.body().path("choices").path(0).path("message").path("content").asText(),
                second.body().path("choices").path(0).path("message").path("content").asText());
        assertTrue(metric(suite, "gateway", "tollgate_gateway_exact_tier_reads_total", "result=\"hit\"") > gatewayHits,
                "the gateway read the hit itself");
        assertEquals(cacheExactHits, metric(suite, "cache", "tollgate_cache_lookups_total", "outcome=\"OUTCOME_EXACT_HIT\""),
                "the cache service was not asked");

        // one retrieve event per lookup, recorded by whoever answered it: the miss and the hit by the gateway
        RequestPathIT.awaitStages(client, second.requestId(), Set.of("retrieve"));
        assertEquals(List.of("gateway:exact_hit"), retrieveEvents(suite, second.requestId()));
        RequestPathIT.awaitStages(client, first.requestId(), Set.of("retrieve", "generate"));
        assertEquals(List.of("gateway:miss"), retrieveEvents(suite, first.requestId()));
    }

    @Test
    void anExactOnlyAnswerIsWrittenByTheGatewayInTheCachesOwnLayout(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        String tag = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "What is the chemical symbol of gold? (" + tag + ")");
        double written = metric(suite, "gateway", "tollgate_gateway_exact_tier_stores_total", "result=\"stored\"");

        GatewayClient.Reply first = client.chat(Demo.ACME_SUPPORT, body, "x-tollgate-cache-tags", tag);
        assertEquals(200, first.status(), first.raw());
        assertEquals("miss", first.cache());
        GatewayClient.Reply second = first;
        for (int i = 0; i < 50 && !"hit-exact".equals(second.cache()); i++) { // the write is off the reply's path
            Thread.sleep(100);
            second = client.chat(Demo.ACME_SUPPORT, body, "x-tollgate-cache-tags", tag); // a miss here stores it tagged too
        }
        assertEquals("hit-exact", second.cache(), second.raw());
        assertTrue(metric(suite, "gateway", "tollgate_gateway_exact_tier_stores_total", "result=\"stored\"") > written,
                "the gateway wrote the entry itself");

        // the cache service finds the gateway's entry by its tag (it reads the tenant's id index and decodes the
        // entry): the two writers share one layout
        GatewayClient.Reply removed = client.post(suite.gatewayUrl() + "/v1/cache/invalidate", Demo.ACME_SUPPORT,
                "{\"tag\":\"" + tag + "\"}", "application/json");
        assertEquals(200, removed.status(), removed.raw());
        assertTrue(removed.body().path("removed").asLong() >= 1, removed.raw());
        assertEquals("miss", client.chat(Demo.ACME_SUPPORT, body).cache(), "the invalidated entry is gone");
    }

    @Test
    void anotherTenantNeverReadsTheEntryAndInvalidationReachesTheGateway(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        String tag = "exact-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "Name the largest planet of the solar system. (" + tag + ")");
        assertEquals("miss", client.chat(Demo.ACME_SEARCH, body).cache());
        assertEquals("hit-exact", RequestPathIT.awaitHit(client, Demo.ACME_SEARCH, body).cache());

        GatewayClient.Reply globex = client.chat(Demo.GLOBEX, body);
        assertEquals(200, globex.status(), globex.raw());
        assertTrue(!globex.cache().startsWith("hit"), "another tenant's entry is never served: " + globex.cache());

        // a semantic-mode key's lookup after the gateway's own exact miss: the cache service looks in the semantic
        // tier only and records the one retrieve event
        ObjectNode fresh = GatewayClient.chatBody("gpt-4o-mini", "How many legs does a spider have? (" + UUID.randomUUID() + ")");
        GatewayClient.Reply looked = client.chat(Demo.ACME_SEARCH, fresh);
        assertEquals(200, looked.status(), looked.raw());
        RequestPathIT.awaitStages(client, looked.requestId(), Set.of("retrieve"));
        List<String> events = retrieveEvents(suite, looked.requestId());
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).startsWith("cache:"), events.toString());

        GatewayClient.Reply removed = client.post(suite.gatewayUrl() + "/v1/cache/invalidate", Demo.ACME_SEARCH,
                "{\"model\":\"gpt-4o-mini\"}", "application/json");
        assertEquals(200, removed.status(), removed.raw());
        assertTrue(removed.body().path("removed").asLong() >= 1, removed.raw());
        GatewayClient.Reply after = client.chat(Demo.ACME_SEARCH, body);
        assertEquals("miss", after.cache(), "an invalidated entry is gone for the gateway's read too");
    }

    @Test
    void exactOnlyMissesRunOnTheEventLoopConcurrentlyWithTheirOwnAnswersAndErrors(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        double onLoop = metric(suite, "gateway", "tollgate_gateway_chat_proceeded_total", "thread=\"event_loop\"");
        String run = UUID.randomUUID().toString().substring(0, 8);
        int n = 48;
        List<java.util.concurrent.Future<GatewayClient.Reply>> replies = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "Spell the number " + i + " in words. (" + run + ")");
                replies.add(pool.submit(() -> client.chat(Demo.ACME_SUPPORT, body)));
            }
        }
        Set<String> ids = new java.util.HashSet<>();
        for (var f : replies) {
            GatewayClient.Reply r = f.get();
            assertEquals(200, r.status(), r.raw());
            assertEquals("miss", r.cache(), r.raw());
            assertTrue(r.route() != null && !r.route().isBlank(), "the route is explained: " + r.raw());
            assertTrue(r.overheadMs() != null && Double.parseDouble(r.overheadMs()) >= 0, "overhead header");
            assertTrue(r.body().path("usage").path("prompt_tokens").asInt() > 0, r.raw());
            ids.add(r.requestId());
        }
        assertEquals(n, ids.size(), "every request its own id");
        assertTrue(metric(suite, "gateway", "tollgate_gateway_chat_proceeded_total", "thread=\"event_loop\"") >= onLoop + n,
                "the misses ran on the event loop");
        RequestPathIT.awaitStages(client, replies.get(0).get().requestId(), Set.of("retrieve", "generate"));

        // the router's refusal on this path: the same OpenAI error as on a virtual thread
        GatewayClient.Reply unknown = client.post(suite.gatewayUrl() + "/v1/chat/completions", Demo.ACME_SUPPORT,
                "{\"model\": \"no-such-model-" + run + "\", \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]}",
                "application/json");
        assertEquals(404, unknown.status(), unknown.raw());
        assertEquals("model_not_found", unknown.body().path("error").path("code").asText(), unknown.raw());
    }

    @Test
    void aNondeterministicRequestIsNotReadFromTheExactTier(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "Write a haiku about the sea. (" + UUID.randomUUID() + ")");
        body.put("temperature", 0.9);
        double reads = metric(suite, "gateway", "tollgate_gateway_exact_tier_reads_total", "");
        for (int i = 0; i < 2; i++) {
            GatewayClient.Reply r = client.chat(Demo.ACME_SUPPORT, body);
            assertEquals(200, r.status(), r.raw());
            assertEquals("miss", r.cache());
        }
        assertEquals(reads, metric(suite, "gateway", "tollgate_gateway_exact_tier_reads_total", ""));
    }

    /**
     * One cacheable request first: on a gateway that has not read the exact tier yet, the first read also opens the
     * Redis connection and loads the script, which on a loaded machine can outlast the read's 50 ms deadline (a
     * fallback to the cache service, correct but not what these tests look at).
     */
    @BeforeEach
    void warmTheExactTier(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        client.chat(Demo.ACME_SUPPORT, GatewayClient.chatBody("gpt-4o-mini", "Warm-up " + UUID.randomUUID()));
    }

    /** The sum of a counter's series whose labels contain {@code labels} (all of them when empty). */
    private static double metric(Suite suite, String service, String name, String labels) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url(service) + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** "service:OUTCOME" of each retrieve event the ledger stored for the request. */
    private static List<String> retrieveEvents(Suite suite, String requestId) throws Exception {
        List<String> events = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             PreparedStatement ps = c.prepareStatement("select service, outcome from " + suite.options().ledgerSchema()
                     + ".cost_event where request_id = ? and stage = 'retrieve'")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
        }
        return events;
    }
}
