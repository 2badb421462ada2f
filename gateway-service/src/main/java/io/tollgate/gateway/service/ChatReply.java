package io.tollgate.gateway.service;

/** What the pipeline answers: a whole completion (from the router or the cache), or a live stream. */
public sealed interface ChatReply {

    /** A finished answer; {@code stream} says the caller asked for SSE (a cache hit is then replayed as a stream). */
    record Whole(Completion completion, boolean stream, boolean includeUsage) implements ChatReply {
    }

    /** A stream whose first chunk already arrived (so failures before it still become proper error responses). */
    record Live(LiveStream stream, boolean includeUsage) implements ChatReply {
    }
}
