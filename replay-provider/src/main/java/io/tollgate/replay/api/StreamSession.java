package io.tollgate.replay.api;

import io.tollgate.replay.mapping.OpenAiMapping;
import io.tollgate.replay.service.Completion;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes one completion as OpenAI server-sent events, paced by Vert.x timers on the request's event loop (never
 * blocking it): the role chunk and first tokens after the time to first token, then a few tokens per tick, the
 * chunk with {@code finish_reason}, the usage chunk when asked for, and {@code data: [DONE]}.
 * Confined to the event loop that owns the request, so its fields need no locking.
 */
final class StreamSession {

    private static final String DONE = "data: [DONE]\n\n";
    /**
     * How long after the last promised piece the connection of a breaking stream is cut. The JDK HTTP client drops
     * the data it has buffered but not yet handed to its reader once the connection fails, so a cut close behind the
     * data makes the stream fail before its first token: a different fault from the one asked for (a break after
     * tokens were delivered). With 100 ms, 1 % of breaks still lost every token on a 2-core machine under full load.
     */
    private static final long CUT_DELAY_MS = 500;

    private final RoutingContext rc;
    private final Vertx vertx;
    private final OpenAiMapping mapping;
    private final Completion completion;
    private final String id;
    private final long created;
    private final boolean includeUsage;
    /** Index of the piece before which the connection is cut; -1 for a healthy stream. */
    private final int breakAt;
    private final int piecesPerTick;
    private final long tickMs;

    private int next;
    private boolean roleSent;
    private long timer = -1;

    StreamSession(RoutingContext rc, Vertx vertx, OpenAiMapping mapping, Completion completion, String id,
                  long created, boolean includeUsage, boolean breakMidway, long minTickMs) {
        this.rc = rc;
        this.vertx = vertx;
        this.mapping = mapping;
        this.completion = completion;
        this.id = id;
        this.created = created;
        this.includeUsage = includeUsage;
        int size = completion.pieces().size();
        this.breakAt = breakMidway ? (size + 1) / 2 : -1;
        double perToken = completion.perTokenMs();
        if (perToken <= 0) {
            this.piecesPerTick = Math.max(1, size);
            this.tickMs = 0;
        } else {
            // Timers are the cost at high request rates: one per tick, a tick at least minTickMs long.
            this.piecesPerTick = (int) Math.max(1, Math.ceil(minTickMs / perToken));
            this.tickMs = Math.max(1, Math.round(piecesPerTick * perToken));
        }
    }

    void start() {
        HttpServerResponse response = rc.response();
        response.setChunked(true);
        response.putHeader("content-type", "text/event-stream; charset=utf-8");
        response.putHeader("cache-control", "no-cache");
        response.closeHandler(v -> cancel());
        schedule(Math.round(completion.ttftMs()));
    }

    private void tick() {
        timer = -1;
        HttpServerResponse response = rc.response();
        if (response.closed() || response.ended()) {
            return;
        }
        StringBuilder out = new StringBuilder(256);
        if (!roleSent) {
            event(out, mapping.chunk(id, created, completion, "assistant", "", includeUsage));
            roleSent = true;
        }
        int size = completion.pieces().size();
        int end = Math.min(size, next + piecesPerTick);
        if (breakAt >= 0) {
            end = Math.min(end, breakAt);
        }
        for (int i = next; i < end; i++) {
            event(out, mapping.chunk(id, created, completion, null, completion.pieces().get(i), includeUsage));
        }
        next = end;
        if (breakAt >= 0 && next >= breakAt) {
            // Flush what was promised, then cut the connection: the client sees neither finish_reason nor [DONE].
            response.write(out.toString()).onComplete(ar -> vertx.setTimer(Math.max(tickMs, CUT_DELAY_MS),
                    t -> rc.request().connection().close()));
            return;
        }
        if (next < size) {
            response.write(out.toString());
            schedule(tickMs);
            return;
        }
        event(out, mapping.finalChunk(id, created, completion, includeUsage));
        if (includeUsage) {
            event(out, mapping.usageChunk(id, created, completion));
        }
        out.append(DONE);
        response.end(out.toString());
    }

    private void schedule(long delayMs) {
        if (delayMs <= 0) {
            tick();
        } else {
            timer = vertx.setTimer(delayMs, t -> tick());
        }
    }

    private void cancel() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private static void event(StringBuilder out, String json) {
        out.append("data: ").append(json).append("\n\n");
    }
}
