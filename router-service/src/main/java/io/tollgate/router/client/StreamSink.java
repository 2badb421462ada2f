package io.tollgate.router.client;

import dev.langchain4j.model.chat.response.ChatResponse;

/** Receives a provider stream after its first token; called from the provider client's I/O thread, in order. */
public interface StreamSink {
    void onDelta(String text);

    void onComplete(ChatResponse response);

    /** The stream broke after tokens were already forwarded; no fallback is possible any more. */
    void onBroken(Throwable error);
}
