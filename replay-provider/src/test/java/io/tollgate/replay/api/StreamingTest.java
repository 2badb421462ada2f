package io.tollgate.replay.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamingTest {

    @Test
    void streamAssemblesToTheSameTextAndUsageAsTheNonStreamedAnswer() {
        JsonPath whole = ChatCompletionsTest.post(Prompts.body("gpt-4-1106-preview", Prompts.MBPP, "")).jsonPath();
        Response r = stream(Prompts.body("gpt-4-1106-preview", Prompts.MBPP,
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        r.then().statusCode(200).header("x-replay-source", "recorded");
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());

        List<String> data = dataLines(r.asString());
        assertEquals("[DONE]", data.getLast());
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(StreamingTest::parse).toList();
        assertEquals("assistant", chunks.getFirst().at("/choices/0/delta/role").asText());
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) {
            assertEquals("chat.completion.chunk", c.get("object").asText());
            JsonNode piece = c.at("/choices/0/delta/content");
            if (piece.isTextual()) {
                text.append(piece.asText());
            }
        }
        assertEquals(whole.getString("choices[0].message.content"), text.toString());
        assertTrue(chunks.size() > 20, "one chunk per token or so, got " + chunks.size());

        JsonNode finish = chunks.get(chunks.size() - 2);
        assertEquals("stop", finish.at("/choices/0/finish_reason").asText());
        JsonNode usage = chunks.getLast();
        assertTrue(usage.get("choices").isArray() && usage.get("choices").isEmpty());
        assertEquals(whole.getInt("usage.prompt_tokens"), usage.at("/usage/prompt_tokens").asInt());
        assertEquals(whole.getInt("usage.completion_tokens"), usage.at("/usage/completion_tokens").asInt());
        assertEquals(1, chunks.stream().map(c -> c.get("id").asText()).distinct().count(), "one id per stream");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        Response r = stream(Prompts.body("mistralai/mistral-7b-chat", Prompts.UNKNOWN, "\"stream\":true"));
        List<String> data = dataLines(r.asString());
        assertEquals("[DONE]", data.getLast());
        JsonNode last = parse(data.get(data.size() - 2));
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        assertFalse(last.has("usage"), "no usage field unless include_usage");
        assertTrue(data.stream().noneMatch(d -> d.contains("\"usage\"")));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("chunk is not JSON: " + json, e);
        }
    }

    static Response stream(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions");
    }

    /** The payloads of the {@code data:} lines of an SSE body, in order. */
    static List<String> dataLines(String sse) {
        List<String> data = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            if (event.startsWith("data: ")) {
                data.add(event.substring("data: ".length()));
            }
        }
        return data;
    }
}
