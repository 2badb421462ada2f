package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The whole request path through the five real services: REST in, gRPC between them, Redis and PostgreSQL below. */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class RequestPathIT {

    private static GatewayClient client(Suite suite) {
        return new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
    }

    @Test
    void secondIdenticalChatIsAnExactHitAndTheLedgerAccountsForEveryStage(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        // A prompt no earlier run has cached (Redis keeps entries across runs).
        String prompt = "In one sentence, why is the sky blue? (run " + UUID.randomUUID() + ")";
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", prompt);

        GatewayClient.Reply first = client.chat(Demo.ACME_SEARCH, body);
        assertEquals(200, first.status(), first.raw());
        assertEquals("miss", first.cache());
        assertNotNull(first.requestId());
        String answer = first.body().path("choices").path(0).path("message").path("content").asText();
        assertFalse(answer.isBlank(), "an answer: " + first.raw());
        assertTrue(first.body().path("usage").path("prompt_tokens").asInt() > 0, first.raw());

        GatewayClient.Reply second = awaitHit(client, body);
        assertEquals("hit-exact", second.cache(), second.raw());
        assertEquals(answer, second.body().path("choices").path(0).path("message").path("content").asText());
        assertFalse(first.requestId().equals(second.requestId()), "every request gets its own id");

        // The miss: embed (worker), retrieve (cache) and generate (router), summing to the breakdown's total.
        JsonNode missCosts = awaitStages(client, first.requestId(), Set.of("embed", "retrieve", "generate"));
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode stage : missCosts.path("stages")) {
            sum = sum.add(new BigDecimal(stage.path("cost_usd").asText()));
        }
        assertEquals(0, sum.compareTo(new BigDecimal(missCosts.path("total_cost_usd").asText())), missCosts.toString());
        assertTrue(sum.signum() > 0, "a miss costs money: " + missCosts);

        // What the ledger holds in PostgreSQL for the request equals the endpoint's breakdown.
        Map<String, BigDecimal> stored = storedCostsByStage(suite, first.requestId());
        assertEquals(Set.of("embed", "retrieve", "generate"), stored.keySet());
        BigDecimal storedTotal = stored.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, storedTotal.compareTo(sum), "stored " + stored + " vs breakdown " + missCosts);

        // The hit: a retrieve event, no generate event.
        JsonNode hitCosts = awaitStages(client, second.requestId(), Set.of("retrieve"));
        Set<String> hitStages = stageNames(hitCosts);
        assertFalse(hitStages.contains("generate"), "a hit costs no generation: " + hitCosts);
        assertTrue(new BigDecimal(hitCosts.path("total_baseline_cost_usd").asText()).compareTo(
                new BigDecimal(hitCosts.path("total_cost_usd").asText())) > 0, "a hit saves money: " + hitCosts);
    }

    @Test
    void streamingMissThenStreamingHitServeTheSameText(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        ObjectNode body = GatewayClient.chatBody("gpt-4o-mini", "Name three primary colours. (stream " + UUID.randomUUID() + ")");
        body.put("stream", true);
        HttpResponse<String> first = stream(client, suite, body);
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        String text1 = sseText(first.body());
        assertFalse(text1.isBlank(), first.body());
        assertTrue(first.body().contains("data: [DONE]"), first.body());

        HttpResponse<String> second = null;
        for (int i = 0; i < 50; i++) { // the store is asynchronous
            second = stream(client, suite, body);
            if ("hit-exact".equals(second.headers().firstValue("x-tollgate-cache").orElse(null))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("hit-exact", second.headers().firstValue("x-tollgate-cache").orElse(null));
        assertEquals(text1, sseText(second.body()));
        assertTrue(second.body().contains("data: [DONE]"));
    }

    @Test
    void embeddingsAndModelsAreServed(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        GatewayClient.Reply emb = client.post(suite.gatewayUrl() + "/v1/embeddings", Demo.ACME_SEARCH,
                "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"hello world\",\"goodbye\"]}", "application/json");
        assertEquals(200, emb.status(), emb.raw());
        assertEquals(2, emb.body().path("data").size());
        assertEquals(384, emb.body().path("data").path(0).path("embedding").size());
        assertTrue(emb.body().path("usage").path("prompt_tokens").asInt() > 0);

        GatewayClient.Reply models = client.get(suite.gatewayUrl() + "/v1/models", Demo.ACME_SEARCH);
        assertEquals(200, models.status(), models.raw());
        Set<String> ids = new HashSet<>();
        models.body().path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertTrue(ids.contains("gpt-4o-mini"), ids.toString());
    }

    /**
     * Eight texts in one request run as one batch on the worker; its embed event carries what they would have cost run
     * one by one (the worker's calibrated lone-run cost), and the ledger prices the difference as the batching lever.
     */
    @Test
    void aBatchedEmbeddingCarriesItsUnbatchedCounterfactual(Suite suite) throws Exception {
        GatewayClient client = client(suite);
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            inputs.append(i == 0 ? "" : ",").append("\"text ").append(i).append(' ').append(UUID.randomUUID()).append('"');
        }
        GatewayClient.Reply emb = client.post(suite.gatewayUrl() + "/v1/embeddings", Demo.ACME_SEARCH,
                "{\"model\":\"all-minilm-l6-v2\",\"input\":[" + inputs + "]}", "application/json");
        assertEquals(200, emb.status(), emb.raw());
        JsonNode costs = awaitStages(client, emb.requestId(), Set.of("embed"));
        JsonNode stage = costs.path("stages").path(0);

        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             PreparedStatement ps = c.prepareStatement("select compute_micros, unbatched_compute_micros, batching_saved_nanos,"
                     + " attributes from " + suite.options().ledgerSchema() + ".cost_event where request_id = ? and stage = 'embed'")) {
            ps.setString(1, emb.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the embed event is stored");
                long compute = rs.getLong(1);
                long unbatched = rs.getLong(2);
                assertTrue(compute > 0 && unbatched > 0, "compute " + compute + ", unbatched " + unbatched);
                int batchSize = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(4)).path("batch_size").asInt();
                assertTrue(batchSize >= 8, "the eight texts ran batched: " + rs.getString(4));
                assertEquals(0, BigDecimal.valueOf(rs.getLong(3), 9).compareTo(
                        new BigDecimal(stage.path("batching_saved_usd").asText())), "the breakdown shows the stored lever: " + costs);
                // batched compute and the lone-run line both come from the same worker: their ratio is sane
                assertTrue(unbatched < compute * 50 && compute < unbatched * 50, compute + " vs " + unbatched);
            }
        }
    }

    static GatewayClient.Reply awaitHit(GatewayClient client, ObjectNode body) throws Exception {
        return awaitHit(client, Demo.ACME_SEARCH, body);
    }

    /** Repeats the request with API key {@code key} until it is an exact hit (or 50 tries have passed). */
    static GatewayClient.Reply awaitHit(GatewayClient client, String key, ObjectNode body) throws Exception {
        GatewayClient.Reply r = null;
        for (int i = 0; i < 50; i++) { // the gateway stores the answer off the reply path
            r = client.chat(key, body);
            if ("hit-exact".equals(r.cache())) {
                return r;
            }
            Thread.sleep(100);
        }
        return r;
    }

    static JsonNode awaitStages(GatewayClient client, String requestId, Set<String> expected) throws Exception {
        JsonNode costs = null;
        for (int i = 0; i < 100; i++) {
            costs = client.requestCosts(requestId, Demo.FINANCE_KEY);
            if (costs != null && stageNames(costs).containsAll(expected)) {
                return costs;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("ledger never showed stages " + expected + " for " + requestId + ": " + costs);
    }

    static Set<String> stageNames(JsonNode costs) {
        Set<String> names = new HashSet<>();
        costs.path("stages").forEach(s -> names.add(s.path("stage").asText()));
        return names;
    }

    static Map<String, BigDecimal> storedCostsByStage(Suite suite, String requestId) throws Exception {
        Map<String, BigDecimal> byStage = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             PreparedStatement ps = c.prepareStatement(
                     "select stage, sum(cost_nanos) from " + suite.options().ledgerSchema() + ".cost_event where request_id = ? group by stage")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byStage.put(rs.getString(1).toLowerCase(), BigDecimal.valueOf(rs.getLong(2), 9));
                }
            }
        }
        return byStage;
    }

    private static HttpResponse<String> stream(GatewayClient client, Suite suite, ObjectNode body) throws Exception {
        return client.raw(HttpRequest.newBuilder(URI.create(suite.gatewayUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + Demo.ACME_SUPPORT)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GatewayClient.JSON.writeValueAsString(body))).build());
    }

    /** Concatenates the {@code delta.content} of every SSE chunk. */
    static String sseText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                JsonNode chunk = GatewayClient.JSON.readTree(line.substring(6));
                text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }
}
