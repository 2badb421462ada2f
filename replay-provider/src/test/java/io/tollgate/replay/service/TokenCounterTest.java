package io.tollgate.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    /** The example of OpenAI's cookbook "How to count tokens with tiktoken", with its published counts. */
    private static final List<ChatMessage> COOKBOOK = List.of(
            new ChatMessage("system", "You are a helpful, pattern-following assistant that translates corporate "
                    + "jargon into plain English.", null),
            new ChatMessage("system", "New synergies will help drive top-line growth.", "example_user"),
            new ChatMessage("system", "Things working well together will increase revenue.", "example_assistant"),
            new ChatMessage("system", "Let's circle back when we have more bandwidth to touch base on opportunities "
                    + "for increased leverage.", "example_user"),
            new ChatMessage("system", "Let's talk later when we're less busy about how to do better.",
                    "example_assistant"),
            new ChatMessage("user", "This late pivot means we don't have time to boil the ocean for the client "
                    + "deliverable.", null));

    @Test
    void promptTokensMatchOpenAiCookbookForGpt4() {
        assertEquals(129, counter.promptTokens("gpt-4-1106-preview", COOKBOOK));
    }

    @Test
    void promptTokensMatchOpenAiCookbookForGpt4o() {
        assertEquals(124, counter.promptTokens("gpt-4o", COOKBOOK));
    }

    @Test
    void piecesNeverSplitACharacterAndJoinToTheText() {
        String text = "Grüße, 世界! \uD83D\uDE00 done";
        List<String> pieces = counter.pieces("gpt-4-1106-preview", counter.encode("gpt-4-1106-preview", text));
        assertEquals(text, String.join("", pieces));
        assertTrue(pieces.stream().noneMatch(p -> p.contains("\uFFFD")), pieces::toString);
    }

    @Test
    void prefixCutsToWholeTokens() {
        var tokens = counter.encode("gpt-4o", "one two three four five");
        assertEquals("one two", counter.prefix("gpt-4o", tokens, 2));
    }
}
