package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tenant's own cache through the gateway: judging a semantic hit (REST, then gRPC to the cache service, then Redis)
 * and invalidating by tag, with the bad inputs of both.
 */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class CacheFeedbackIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The paraphrase pair here is at cosine 0.98 to 0.99 (int8 model), under the 0.995 default: the requests set their
     * own threshold, as a tenant trading precision for hits would.
     */
    private static final String THRESHOLD = "x-tollgate-similarity-threshold";
    private static final String LENIENT = "0.97";

    private static GatewayClient client(Suite suite) {
        return new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
    }

    private static GatewayClient.Reply feedback(GatewayClient client, Suite suite, String key, String body) throws Exception {
        return client.post(suite.gatewayUrl() + "/v1/cache/feedback", key, body, "application/json");
    }

    @Test
    void aWrongSemanticHitIsJudgedOnceAndNeverServedAgainAtThatSimilarity(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the run's id goes in the system prompt (part of the entry's context, not embedded): Redis keeps entries across
        // runs, and a floor raised by an earlier run must not refuse this run's hit
        ObjectNode asked = withSystem(GatewayClient.chatBody("gpt-4o-mini", "How do I reset my password?"), "You are the help desk of shop " + run + ".");
        ObjectNode paraphrase = withSystem(GatewayClient.chatBody("gpt-4o-mini", "How can I reset my password?"), "You are the help desk of shop " + run + ".");
        assertEquals("miss", client.chat(Demo.ACME_SEARCH, asked).cache());
        GatewayClient.Reply hit = awaitSemanticHit(client, suite, asked, paraphrase);
        assertEquals("hit-semantic", hit.cache(), hit.raw());

        // another tenant cannot judge (or even learn of) acme's hit
        GatewayClient.Reply foreign = feedback(client, suite, Demo.GLOBEX, "{\"request_id\":\"" + hit.requestId() + "\",\"correct\":false}");
        assertEquals(404, foreign.status(), foreign.raw());
        assertEquals("not_found", foreign.body().path("error").path("code").asText(), foreign.raw());

        GatewayClient.Reply judged = feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\":\"" + hit.requestId() + "\",\"correct\":false}");
        assertEquals(200, judged.status(), judged.raw());
        JsonNode j = judged.body();
        assertEquals("cache.feedback", j.path("object").asText());
        assertTrue(j.path("entry_floor").asDouble() > j.path("similarity").asDouble(), judged.raw());

        GatewayClient.Reply after = toReply(send(suite, Demo.ACME_SEARCH, paraphrase, "Cache-Control", "no-store", THRESHOLD, LENIENT));
        assertEquals(200, after.status(), after.raw());
        assertNotEquals("hit-semantic", after.cache(), "the entry judged wrong is not served again at that similarity");

        GatewayClient.Reply twice = feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\":\"" + hit.requestId() + "\",\"correct\":true}");
        assertEquals(404, twice.status(), "a hit is judged once: " + twice.raw());
        assertEquals("request_id", twice.body().path("error").path("param").asText(), twice.raw());
    }

    @Test
    void feedbackBadInputsGetOpenAiStyleErrors(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        assertError(feedback(client, suite, null, "{\"request_id\":\"x\",\"correct\":true}"), 401, null);
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "{\"correct\":true}"), 400, "request_id");
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\":\"x\"}"), 400, "correct");
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\":\"x\",\"correct\":\"yes\"}"), 400, "correct");
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\": 5,\"correct\":true}"), 400, "request_id");
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "[1,2]"), 400, null);
        assertError(feedback(client, suite, Demo.ACME_SEARCH, "{\"request_id\":\"never-served\",\"correct\":true}"), 404, "request_id");
    }

    @Test
    void invalidationByTagRemovesOnlyThatTagOfTheCallersTenant(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = "it-" + run;
        ObjectNode tagged = GatewayClient.chatBody("gpt-4o-mini", "What are the opening hours of store " + run + "?");
        ObjectNode untagged = GatewayClient.chatBody("gpt-4o-mini", "Where is the parking of store " + run + "?");
        assertEquals(200, chat(client, suite, Demo.GLOBEX, tagged, tag).statusCode());
        assertEquals(200, chat(client, suite, Demo.GLOBEX, untagged, null).statusCode());
        awaitExactHit(client, Demo.GLOBEX, tagged);
        awaitExactHit(client, Demo.GLOBEX, untagged);

        // acme's invalidation of that tag touches nothing of globex
        GatewayClient.Reply acme = client.post(suite.gatewayUrl() + "/v1/cache/invalidate", Demo.ACME_SEARCH, "{\"tag\":\"" + tag + "\"}", "application/json");
        assertEquals(200, acme.status(), acme.raw());
        assertEquals(0, acme.body().path("removed").asLong(), acme.raw());
        GatewayClient.Reply removed = client.post(suite.gatewayUrl() + "/v1/cache/invalidate", Demo.GLOBEX, "{\"tag\":\"" + tag + "\"}", "application/json");
        assertEquals(200, removed.status(), removed.raw());
        assertEquals(1, removed.body().path("removed").asLong(), removed.raw());
        assertEquals("miss", client.chat(Demo.GLOBEX, tagged).cache());
        assertEquals("hit-exact", client.chat(Demo.GLOBEX, untagged).cache());

        assertError(client.post(suite.gatewayUrl() + "/v1/cache/invalidate", Demo.GLOBEX, "{\"tag\": 3}", "application/json"), 400, "tag");
        HttpResponse<String> badTag = chat(client, suite, Demo.GLOBEX, untagged, "has space");
        assertEquals(400, badTag.statusCode(), badTag.body());
        assertTrue(badTag.body().contains("x-tollgate-cache-tags"), badTag.body());
    }

    /**
     * The paraphrase, asked with {@code no-store} (a miss must not store its own answer, or the next ask would be an
     * exact hit) until the semantic tier serves it. The first store is asynchronous, and on a cold suite its embedding
     * can miss the cache's 150 ms deadline (the entry is then stored for the exact tier only, fail-open): every fifth
     * try stores the first question again ({@code no-cache}: no lookup, a fresh store).
     */
    private static GatewayClient.Reply awaitSemanticHit(GatewayClient client, Suite suite, ObjectNode asked, ObjectNode paraphrase)
            throws Exception {
        GatewayClient.Reply r = null;
        for (int i = 1; i <= 60; i++) {
            r = toReply(send(suite, Demo.ACME_SEARCH, paraphrase, "Cache-Control", "no-store", THRESHOLD, LENIENT));
            if ("hit-semantic".equals(r.cache())) {
                return r;
            }
            if (i % 5 == 0) {
                send(suite, Demo.ACME_SEARCH, asked, "Cache-Control", "no-cache", THRESHOLD, LENIENT);
            }
            Thread.sleep(200);
        }
        return r;
    }

    /** A chat with extra headers, given as name, value, name, value... */
    private static HttpResponse<String> send(Suite suite, String key, ObjectNode body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static GatewayClient.Reply toReply(HttpResponse<String> r) throws Exception {
        return new GatewayClient.Reply(r.statusCode(), GatewayClient.JSON.readTree(r.body()), r.body(),
                r.headers().firstValue("x-request-id").orElse(null), r.headers().firstValue("x-tollgate-cache").orElse(null), null, null);
    }

    private static ObjectNode withSystem(ObjectNode body, String system) {
        ((ArrayNode) body.get("messages")).insertObject(0).put("role", "system").put("content", system);
        return body;
    }

    private static HttpResponse<String> chat(GatewayClient client, Suite suite, String key, ObjectNode body, String tags) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body)));
        if (tags != null) {
            b.header("x-tollgate-cache-tags", tags);
        }
        return client.raw(b.build());
    }

    private static void awaitExactHit(GatewayClient client, String key, ObjectNode body) throws Exception {
        for (int i = 0; i < 50 && !"hit-exact".equals(client.chat(key, body).cache()); i++) {
            Thread.sleep(100);
        }
        assertEquals("hit-exact", client.chat(key, body).cache());
    }

    private static void assertError(GatewayClient.Reply r, int status, String param) {
        assertEquals(status, r.status(), r.raw());
        JsonNode error = r.body().path("error");
        assertTrue(error.isObject() && !error.path("message").asText().isBlank(), r.raw());
        if (param != null) {
            assertEquals(param, error.path("param").asText(), r.raw());
        }
    }
}
