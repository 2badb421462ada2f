package io.tollgate.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A product backend's view of Tollgate: plain OpenAI-compatible HTTP calls to the gateway, and finance reads of the ledger. */
public final class GatewayClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1 like most product backends (and no h2c upgrade dance on every first request).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String ledgerUrl;

    public GatewayClient(String gatewayUrl, String ledgerUrl) {
        this.gatewayUrl = gatewayUrl;
        this.ledgerUrl = ledgerUrl;
    }

    /** The answer of one call: status, body, and the headers Tollgate adds. */
    public record Reply(int status, JsonNode body, String raw, String requestId, String cache, String route, String overheadMs) {
    }

    public static ObjectNode chatBody(String model, String userPrompt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", userPrompt);
        return body;
    }

    public Reply chat(String apiKey, ObjectNode body) throws IOException, InterruptedException {
        return post(gatewayUrl + "/v1/chat/completions", apiKey, JSON.writeValueAsString(body), "application/json");
    }

    /** A chat request with extra headers (the cache's {@code x-tollgate-cache*} wishes, for example). */
    public Reply chat(String apiKey, ObjectNode body, String... headerNamesAndValues) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .header("authorization", "Bearer " + apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (headerNamesAndValues.length > 0) {
            b.headers(headerNamesAndValues);
        }
        return toReply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A request to the ledger's finance API (budgets, spend) with the finance key. */
    public Reply ledgerPost(String path, String financeKey, String json) throws IOException, InterruptedException {
        return post(ledgerUrl + path, financeKey, json, "application/json");
    }

    public Reply post(String url, String apiKey, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("authorization", "Bearer " + apiKey);
        }
        return toReply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    public Reply get(String url, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (apiKey != null) {
            b.header("authorization", "Bearer " + apiKey);
        }
        return toReply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    public HttpResponse<String> raw(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The ledger's per-stage breakdown of one request, or null while it has none. */
    public JsonNode requestCosts(String requestId, String financeKey) throws IOException, InterruptedException {
        Reply r = get(ledgerUrl + "/v1/requests/" + requestId + "/costs", financeKey);
        return r.status() == 200 ? r.body() : null;
    }

    private static Reply toReply(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            body = JSON.nullNode();
        }
        return new Reply(r.statusCode(), body, r.body(),
                r.headers().firstValue("x-request-id").orElse(null),
                r.headers().firstValue("x-tollgate-cache").orElse(null),
                r.headers().firstValue("x-tollgate-route").orElse(null),
                r.headers().firstValue("x-tollgate-overhead-ms").orElse(null));
    }
}
