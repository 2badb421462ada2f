package io.tollgate.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.Completion;
import io.tollgate.gateway.service.Usage;

class OpenAiResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Completion DONE = new Completion("chatcmpl-1", "small", "Hi there", "stop", new Usage(7, 3, 0), 1700000000L, "openai");

    @Test
    void completionHasTheOpenAiShape() {
        JsonNode n = JSON.valueToTree(OpenAiResponses.completion(DONE));
        assertEquals("chat.completion", n.get("object").asText());
        assertEquals("assistant", n.at("/choices/0/message/role").asText());
        assertEquals("Hi there", n.at("/choices/0/message/content").asText());
        assertEquals("stop", n.at("/choices/0/finish_reason").asText());
        assertEquals(10, n.at("/usage/total_tokens").asLong());
        assertEquals(7, n.at("/usage/prompt_tokens").asLong());
    }

    @Test
    void firstChunkCarriesTheRoleAndEveryChunkAFinishReasonField() {
        JsonNode first = JSON.valueToTree(OpenAiResponses.chunk("c", 1, "m", new Chunk("He", null, null, null, "c"), true));
        JsonNode last = JSON.valueToTree(OpenAiResponses.chunk("c", 1, "m", new Chunk("", null, "stop", null, "c"), false));
        assertEquals("chat.completion.chunk", first.get("object").asText());
        assertEquals("assistant", first.at("/choices/0/delta/role").asText());
        assertEquals("He", first.at("/choices/0/delta/content").asText());
        assertTrue(first.at("/choices/0").has("finish_reason") && first.at("/choices/0/finish_reason").isNull());
        assertFalse(first.has("usage"), "usage only in the usage chunk");
        assertEquals("stop", last.at("/choices/0/finish_reason").asText());
        assertTrue(last.at("/choices/0/delta").isEmpty(), "the closing delta is {}");
    }

    @Test
    void cachedAnswerReplaysAsAStream() {
        List<OpenAiJson.ChatChunk> chunks = OpenAiResponses.replay(DONE, true);
        assertEquals(3, chunks.size());
        assertEquals("Hi there", chunks.get(0).choices().get(0).delta().content());
        assertEquals("stop", chunks.get(1).choices().get(0).finishReason());
        assertTrue(chunks.get(2).choices().isEmpty());
        assertEquals(10, chunks.get(2).usage().totalTokens());
        assertEquals(2, OpenAiResponses.replay(DONE, false).size());
    }

    @Test
    void errorBodyAlwaysHasTheFourFields() {
        JsonNode n = JSON.valueToTree(new HttpError(400, "invalid_request_error", "invalid_request", "bad", null, 0).body());
        assertTrue(n.get("error").has("param") && n.get("error").get("param").isNull());
        assertEquals("invalid_request", n.at("/error/code").asText());
    }
}
