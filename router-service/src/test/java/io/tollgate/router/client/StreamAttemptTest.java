package io.tollgate.router.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;

/**
 * The orders of events a provider client may report for one stream attempt, and what reaches the sink. The CI
 * failure this guards against: LangChain4j reported an I/O error before the first token and then a "complete"
 * response without a finish reason; the second report reached the sink as a broken stream, which ended the caller's
 * gRPC stream (with no chunk) and charged a failed answer while the router was already asking the fallback.
 */
class StreamAttemptTest {

    @Test
    void aFailureBeforeTheFirstTokenIsThrownOnceAndLaterReportsAreDropped() {
        Recorder sink = new Recorder();
        StreamAttempt attempt = new StreamAttempt("m", sink);
        UncheckedIOException closed = new UncheckedIOException(new IOException("closed"));
        attempt.onError(closed);
        attempt.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("")).build());
        attempt.onError(new IllegalStateException("again"));
        Handle handle = new Handle();
        attempt.onPartialResponse(new PartialResponse("late"), new PartialResponseContext(handle));

        assertSame(closed, assertThrows(UncheckedIOException.class, attempt::awaitFirstToken));
        assertEquals(List.of(), sink.events, "the sink belongs to the retry or the fallback now");
        assertTrue(handle.cancelled, "a token arriving after the attempt failed cancels its stream");
    }

    @Test
    void aCompleteResponseWithoutFinishReasonBeforeAnyTokenIsAFailureOfTheAttempt() {
        Recorder sink = new Recorder();
        StreamAttempt attempt = new StreamAttempt("m", sink);
        attempt.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("")).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, attempt::awaitFirstToken);
        assertEquals("stream of m ended without a finish reason", e.getCause().getMessage());
        assertEquals(List.of(), sink.events);
    }

    @Test
    void aBreakAfterTheFirstTokenReachesTheSinkOnce() {
        Recorder sink = new Recorder();
        StreamAttempt attempt = new StreamAttempt("m", sink);
        attempt.onPartialResponse(new PartialResponse("Hel"), new PartialResponseContext(new Handle()));
        assertEquals(Boolean.TRUE, attempt.awaitFirstToken());
        attempt.onPartialResponse(new PartialResponse("lo"), new PartialResponseContext(new Handle()));
        attempt.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hello")).build());
        assertEquals(List.of("delta:Hel", "delta:lo", "broken:stream of m ended without a finish reason"), sink.events);
    }

    @Test
    void aWholeAnswerEndsInComplete() {
        Recorder sink = new Recorder();
        StreamAttempt attempt = new StreamAttempt("m", sink);
        attempt.onPartialResponse(new PartialResponse("Hi"), new PartialResponseContext(new Handle()));
        attempt.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("Hi")).finishReason(FinishReason.STOP)
                .build());
        assertEquals(Boolean.TRUE, attempt.awaitFirstToken());
        assertEquals(List.of("delta:Hi", "complete:Hi"), sink.events);
    }

    @Test
    void anInterruptedWaitGivesTheAttemptUpAndCancelsItsStream() throws Exception {
        Recorder sink = new Recorder();
        StreamAttempt attempt = new StreamAttempt("m", sink);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                attempt.awaitFirstToken();
                thrown.complete(null);
            } catch (RuntimeException e) {
                thrown.complete(e);
            }
        });
        waiter.interrupt();
        Throwable e = thrown.get(10, TimeUnit.SECONDS);
        assertEquals("stream of m abandoned", e.getMessage());
        Handle handle = new Handle();
        attempt.onPartialResponse(new PartialResponse("late"), new PartialResponseContext(handle));
        attempt.onError(new IOException("closed"));
        assertTrue(handle.cancelled, "a token arriving after the attempt was given up cancels its stream");
        assertEquals(List.of(), sink.events);
    }

    private static final class Recorder implements StreamSink {
        final List<String> events = new ArrayList<>();

        @Override
        public void onDelta(String text) {
            events.add("delta:" + text);
        }

        @Override
        public void onComplete(ChatResponse response) {
            events.add("complete:" + response.aiMessage().text());
        }

        @Override
        public void onBroken(Throwable error) {
            events.add("broken:" + error.getMessage());
        }
    }

    private static final class Handle implements StreamingHandle {
        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
