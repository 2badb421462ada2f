package io.tollgate.gateway.service;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * A router stream with its first chunk read ahead. It accumulates the deltas and, when the last chunk (the one with
 * a finish reason) has been handed out, gives the whole completion to {@code onComplete} (the cache store). A stream
 * that breaks off never completes, so a partial answer is never cached. One consumer thread.
 */
public final class LiveStream implements Iterator<Chunk>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LiveStream.class);
    private final Iterator<Chunk> chunks;
    private final AutoCloseable upstream;
    private final Consumer<Completion> onComplete;
    private final StringBuilder content = new StringBuilder();
    private final Chunk first;
    private final long created = System.currentTimeMillis() / 1000;
    private Chunk pending;
    private Route route;
    private boolean completed;

    public <S extends Iterator<Chunk> & AutoCloseable> LiveStream(S upstream, RequestTrace trace, Consumer<Completion> onComplete) {
        this.chunks = upstream;
        this.upstream = upstream;
        this.onComplete = onComplete;
        if (!upstream.hasNext()) {
            throw new IllegalStateException("router closed the stream before the first chunk");
        }
        this.first = upstream.next();
        this.pending = first;
        this.route = first.route();
        if (route != null) {
            trace.route(route);
        }
    }

    public Chunk first() {
        return first;
    }

    /** The model that answers, as far as the first chunk told (empty if the router did not say). */
    public String model() {
        return route != null ? route.model() : "";
    }

    public long created() {
        return created;
    }

    @Override
    public boolean hasNext() {
        return pending != null || chunks.hasNext();
    }

    @Override
    public Chunk next() {
        Chunk chunk = pending != null ? pending : chunks.next();
        if (chunk == null) {
            throw new NoSuchElementException();
        }
        pending = null;
        content.append(chunk.delta());
        if (chunk.finishReason() != null) {
            completed = true;
            onComplete.accept(new Completion(chunk.completionId().isEmpty() ? first.completionId() : chunk.completionId(),
                    model(), content.toString(), chunk.finishReason(), chunk.usage() != null ? chunk.usage() : Usage.NONE,
                    created, route != null ? route.provider() : ""));
        }
        return chunk;
    }

    @Override
    public void close() {
        if (!completed) {
            // the client hung up, or the router's stream ended without its last chunk: either way nothing is cached
            LOG.infof("stream from %s ended without a finish reason after %d characters: not cached", model(), content.length());
        }
        try {
            upstream.close();
        } catch (Exception e) {
            // cancelling a finished call cannot fail in a way the caller could act on
        }
    }
}
