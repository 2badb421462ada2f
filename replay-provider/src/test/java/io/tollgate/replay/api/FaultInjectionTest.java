package io.tollgate.replay.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultInjectionTest {

    @Test
    void rateLimitFaultIs429WithRetryAfter() {
        withFault("429").body(Prompts.body("gpt-4o", Prompts.MBPP, "")).post("/v1/chat/completions").then()
                .statusCode(429)
                .header("retry-after", "1")
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.type", equalTo("requests"));
    }

    @Test
    void serverErrorFaultIs500() {
        withFault("500").body(Prompts.body("gpt-4o", Prompts.MBPP, "\"stream\":true")).post("/v1/chat/completions")
                .then().statusCode(500).body("error.type", equalTo("server_error"));
    }

    @Test
    void countedFaultFailsTheFirstNRequestsOfAKeyThenRecovers() {
        String key = UUID.randomUUID().toString();
        List<Integer> statuses = IntStream.range(0, 4).mapToObj(i -> withFault("500")
                .header("x-replay-fault-count", "2").header("x-replay-fault-key", key)
                .body(Prompts.body("claude-v1", Prompts.MBPP, "")).post("/v1/chat/completions").statusCode()).toList();
        assertEquals(List.of(500, 500, 200, 200), statuses);
    }

    @Test
    void timeoutFaultHoldsThenAnswers504() {
        long start = System.nanoTime();
        withFault("timeout").body(Prompts.body("gpt-4o", Prompts.MBPP, "")).post("/v1/chat/completions").then()
                .statusCode(504).body("error.type", equalTo("timeout"));
        long heldMs = (System.nanoTime() - start) / 1_000_000;
        long holdMs = ConfigProvider.getConfig().getValue("tollgate.replay.timeout-fault-hold-ms", Long.class);
        assertTrue(heldMs >= holdMs - 50, "held " + heldMs + " ms");
    }

    @Test
    void aDelayHeaderHoldsTheAnswerAndABadOneIs400() {
        long start = System.nanoTime();
        given().contentType(ContentType.JSON).header("x-replay-delay-ms", "300")
                .body(Prompts.body("gpt-4o", Prompts.MBPP, "")).post("/v1/chat/completions").then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300);
        for (String bad : new String[] { "-1", "soon", "600000" }) {
            given().contentType(ContentType.JSON).header("x-replay-delay-ms", bad)
                    .body(Prompts.body("gpt-4o", Prompts.MBPP, "")).post("/v1/chat/completions").then().statusCode(400)
                    .body("error.param", equalTo("x-replay-delay-ms")).body("error.code", equalTo("invalid_value"));
        }
    }

    @Test
    void streamBreakCutsTheStreamBeforeFinishAndDone() throws Exception {
        HttpRequest request = raw("stream-break", Prompts.body("gpt-4-1106-preview", Prompts.MBPP,
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String> lines = new ArrayList<>();
        boolean broken = false;
        try {
            response.body().forEach(lines::add);
        } catch (UncheckedIOException e) {
            broken = true;
        }
        assertTrue(broken, "the connection must end abnormally, got " + lines.size() + " lines");
        assertTrue(lines.stream().filter(l -> l.startsWith("data: {")).count() > 2, "some chunks arrive first");
        assertFalse(lines.stream().anyMatch(l -> l.contains("[DONE]") || l.contains("\"finish_reason\":\"stop\"")));
    }

    @Test
    void streamBreakOnAPlainRequestCutsTheBody() {
        HttpRequest request = raw("stream-break", Prompts.body("gpt-4-1106-preview", Prompts.MBPP, ""));
        assertThrows(IOException.class,
                () -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void configRuleFailsItsShareOfRequests() {
        // %test.tollgate.replay.faults."flaky-model"=500@0.5: every second request fails.
        List<Integer> statuses = IntStream.range(0, 6).mapToObj(i -> given().contentType(ContentType.JSON)
                .body(Prompts.body("flaky-model", Prompts.MBPP, "")).post("/v1/chat/completions").statusCode()).toList();
        assertEquals(3, statuses.stream().filter(s -> s == 500).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
    }

    @Test
    void unknownFaultNameIs400() {
        withFault("explode").body(Prompts.body("gpt-4o", Prompts.MBPP, "")).post("/v1/chat/completions").then()
                .statusCode(400).body("error.param", equalTo("x-replay-fault"));
    }

    private static RequestSpecification withFault(String fault) {
        return given().contentType(ContentType.JSON).header("x-replay-fault", fault);
    }

    private static HttpRequest raw(String fault, String body) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("content-type", "application/json").header("x-replay-fault", fault)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
