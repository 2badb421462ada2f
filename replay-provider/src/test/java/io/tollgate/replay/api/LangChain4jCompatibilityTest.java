package io.tollgate.replay.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Drives the provider through the router's real client: LangChain4j's OpenAI chat models. */
@QuarkusTest
class LangChain4jCompatibilityTest {

    private static String baseUrl() {
        return "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class) + "/v1";
    }

    private static OpenAiChatModel chat(String model, Map<String, String> headers, int maxRetries, Duration timeout) {
        return OpenAiChatModel.builder().baseUrl(baseUrl()).apiKey("replay").modelName(model)
                .customHeaders(headers).maxRetries(maxRetries).timeout(timeout).build();
    }

    private static OpenAiStreamingChatModel streaming(String model, Map<String, String> headers) {
        return OpenAiStreamingChatModel.builder().baseUrl(baseUrl()).apiKey("replay").modelName(model)
                .customHeaders(headers).timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void chatModelReadsTheRecordedAnswerAndUsage() {
        ChatResponse response = chat("gpt-4-1106-preview", Map.of(), 0, Duration.ofSeconds(20))
                .chat(UserMessage.from(Prompts.MBPP));
        assertTrue(response.aiMessage().text().startsWith(Prompts.GPT4_ANSWER_START), response.aiMessage().text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(Prompts.CL100K.countTokens(response.aiMessage().text()), response.tokenUsage().outputTokenCount());
        assertEquals(6 + Prompts.CL100K.countTokens("user") + Prompts.CL100K.countTokens(Prompts.MBPP),
                response.tokenUsage().inputTokenCount());
        assertEquals("gpt-4-1106-preview", response.metadata().modelName());
    }

    @Test
    void streamingModelAssemblesTheSameTextWithUsage() throws Exception {
        String whole = chat("claude-instant-v1", Map.of(), 0, Duration.ofSeconds(20))
                .chat(UserMessage.from(Prompts.MBPP)).aiMessage().text();
        StringBuilder partials = new StringBuilder();
        ChatResponse response = stream(streaming("claude-instant-v1", Map.of()), partials).get(20, TimeUnit.SECONDS);
        assertEquals(whole, partials.toString());
        assertEquals(whole, response.aiMessage().text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertTrue(response.tokenUsage() != null && response.tokenUsage().outputTokenCount() > 10,
                "LangChain4j asks for include_usage and must get the usage chunk");
    }

    @Test
    void rateLimitFaultSurfacesAsRateLimitException() {
        OpenAiChatModel model = chat("gpt-4o", Map.of("x-replay-fault", "429"), 0, Duration.ofSeconds(20));
        assertThrows(RateLimitException.class, () -> model.chat(UserMessage.from(Prompts.MBPP)));
    }

    @Test
    void serverErrorFaultSurfacesAsInternalServerException() {
        OpenAiChatModel model = chat("gpt-4o", Map.of("x-replay-fault", "500"), 0, Duration.ofSeconds(20));
        assertThrows(InternalServerException.class, () -> model.chat(UserMessage.from(Prompts.MBPP)));
    }

    @Test
    void clientRetriesGetThroughACountedFault() {
        Map<String, String> once = Map.of("x-replay-fault", "429", "x-replay-fault-count", "1",
                "x-replay-fault-key", UUID.randomUUID().toString());
        ChatResponse response = chat("gpt-4o", once, 2, Duration.ofSeconds(20)).chat(UserMessage.from(Prompts.MBPP));
        assertTrue(response.aiMessage().text().startsWith(Prompts.GPT4_ANSWER_START));
    }

    @Test
    void timeoutFaultTripsTheClientTimeout() {
        OpenAiChatModel model = chat("gpt-4o", Map.of("x-replay-fault", "timeout"), 0, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThrows(RuntimeException.class, () -> model.chat(UserMessage.from(Prompts.MBPP)));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1400, "the client gave up before the hold ended");
    }

    @Test
    void streamBreakReachesTheStreamingHandlerAsAnError() {
        StringBuilder partials = new StringBuilder();
        CompletableFuture<ChatResponse> done = stream(
                streaming("gpt-4-1106-preview", Map.of("x-replay-fault", "stream-break")), partials);
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() != null);
        assertTrue(Prompts.GPT4_ANSWER_START.startsWith(partials.toString())
                || partials.toString().startsWith(Prompts.GPT4_ANSWER_START), "partial text is a prefix: " + partials);
    }

    private static CompletableFuture<ChatResponse> stream(OpenAiStreamingChatModel model, StringBuilder partials) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(Prompts.MBPP, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                synchronized (partials) {
                    partials.append(partial);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }
}
