package io.tollgate.router.client;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * One attempt at a provider stream. Until its first token the attempt belongs to the guard ({@link
 * #awaitFirstToken} returns or throws, and the guard retries or falls back); from the first token on, it belongs to
 * the sink. An attempt that failed (or was given up) before its first token is dead: whatever its client reports
 * afterwards is dropped. This matters because LangChain4j may report one failure twice (an I/O error, then a
 * "complete" response without a finish reason): the second report must not reach the sink, which by then is serving
 * the retry or the fallback.
 */
final class StreamAttempt implements StreamingChatResponseHandler {
    private final String model;
    private final StreamSink sink;
    private final CompletableFuture<Boolean> started = new CompletableFuture<>();
    /** Set once the attempt failed or was given up before its first token. */
    private final AtomicBoolean dead = new AtomicBoolean();
    private final AtomicReference<StreamingHandle> handle = new AtomicReference<>();

    StreamAttempt(String model, StreamSink sink) {
        this.model = model;
        this.sink = sink;
    }

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        handle.set(context.streamingHandle());
        if (dead.get()) {
            context.streamingHandle().cancel();
            return;
        }
        sink.onDelta(partial.text());
        started.complete(Boolean.TRUE);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        if (dead.get()) {
            return;
        }
        if (response.finishReason() == null) {
            // The connection ended without the provider's last event (OpenAI's finish_reason, Anthropic's
            // stop_reason): the client library may report that as a clean end; it is a broken stream.
            onError(new IOException("stream of " + model + " ended without a finish reason"));
            return;
        }
        started.complete(Boolean.TRUE);
        sink.onComplete(response);
    }

    @Override
    public void onError(Throwable error) {
        if (dead.get()) {
            return;
        }
        if (started.completeExceptionally(error)) {
            // failed before its first token: the guard owns what happens next, this attempt says nothing more
            dead.set(true);
            return;
        }
        sink.onBroken(error);
    }

    /**
     * Blocks until the first token (or an empty complete answer) reached the sink. Throws the attempt's error when it
     * failed before that; when the guard's timeout interrupts the wait, the attempt is given up and its stream
     * cancelled, so a retry or fallback owns the sink.
     */
    Boolean awaitFirstToken() {
        try {
            return started.get();
        } catch (InterruptedException e) {
            dead.set(true);
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stream of " + model + " abandoned", e);
        } catch (ExecutionException e) {
            dead.set(true);
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }
}
