package io.tollgate.router.service;

/** What a streaming caller receives, in order: one route, deltas, then done or error (exactly one of them). */
public interface StreamListener {
    /**
     * Before the first delta. {@code providerNanos}: the time since the first provider call, failed attempts included
     * (the providers' time to the first token).
     */
    void onRoute(Routed routed, String completionId, long providerNanos);

    void onDelta(String text);

    void onDone(String finishReason, long inputTokens, long outputTokens);

    void onError(Throwable error);
}
