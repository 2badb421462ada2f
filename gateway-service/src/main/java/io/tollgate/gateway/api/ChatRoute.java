package io.tollgate.gateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.virtual.threads.VirtualThreads;
import io.smallrye.mutiny.Uni;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.client.ExactTier;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.mapping.HttpError;
import io.tollgate.gateway.mapping.OpenAiRequests;
import io.tollgate.gateway.mapping.OpenAiResponses;
import io.tollgate.gateway.service.ChatCall;
import io.tollgate.gateway.service.ChatPipeline;
import io.tollgate.gateway.service.ChatReply;
import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.LiveStream;
import io.tollgate.gateway.service.RequestTrace;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /v1/chat/completions}, as a Vert.x route rather than a JAX-RS resource, so that the hot path decides its
 * own threads (docs/design/001-gateway-threading.md): the body is read, validated and looked up in the exact tier on
 * the event loop, and an exact hit is written from there, with no hand-off to another thread; so is a whole-answer miss
 * with nothing left to look up (budget, router and store as callbacks on the same event loop); everything else
 * (semantic lookup, streams) runs on a virtual thread, which may block, and writes the response through Vert.x
 * itself. The HTTP edge ({@link HttpEdge}) still gives every request its id, headers, overhead metric and admission
 * limit; errors are the same OpenAI JSON as everywhere else ({@link HttpError}).
 */
@ApplicationScoped
public class ChatRoute {
    private static final Logger LOG = Logger.getLogger(ChatRoute.class);
    static final String PATH = "/v1/chat/completions";
    private static final String JSON = "application/json";
    private static final String SSE = "text/event-stream";

    private final ChatPipeline pipeline;
    private final ObjectMapper json;
    private final HttpEdge edge;
    private final ExecutorService virtualThreads;
    private final int maxMessages;
    private final long maxBodyBytes;
    private final Counter onLoop;
    private final Counter onVirtualThread;

    public ChatRoute(ChatPipeline pipeline, ObjectMapper json, HttpEdge edge, @VirtualThreads ExecutorService virtualThreads,
            GatewayConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            MeterRegistry registry) {
        this.pipeline = pipeline;
        this.json = json;
        this.edge = edge;
        this.virtualThreads = virtualThreads;
        this.onLoop = proceeded(registry, "event_loop");
        this.onVirtualThread = proceeded(registry, "virtual_thread");
        this.maxMessages = config.maxMessages();
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(-1L);
    }

    private static Counter proceeded(MeterRegistry registry, String thread) {
        return Counter.builder("tollgate.gateway.chat.proceeded").tag("thread", thread)
                .description("Chat requests past the first look (no exact hit), by where the rest of the pipeline ran")
                .register(registry);
    }

    void install(@Observes Router router) {
        // After the edge (Integer.MIN_VALUE) and before the JAX-RS routes, which never see this path.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route(PATH).order(1).handler(rc -> {
            if (rc.request().method() != HttpMethod.POST) {
                edge.writeError(rc, HttpError.ofStatus(405, PATH));
            } else if (!isJson(rc.request().getHeader("content-type"))) {
                edge.writeError(rc, HttpError.ofStatus(415, PATH));
            } else {
                rc.request().resume(); // Quarkus pauses every request until a body reader runs
                body.handle(rc);       // a body over the limit fails the route with 413 (the edge's failure handler)
            }
        });
        router.route(PATH).order(1).handler(this::chat);
    }

    /** Missing counts as JSON (as JAX-RS's {@code @Consumes} lets it through); parameters such as charset are allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals(JSON);
    }

    /** On the event loop: stages 1-4a, then either the exact hit's answer or the hand-off to a virtual thread. */
    private void chat(RoutingContext rc) {
        RequestTrace trace = rc.get(RequestTrace.KEY);
        ChatPipeline.Admitted call;
        try {
            Buffer raw = rc.body().buffer();
            JsonNode body = raw == null || raw.length() == 0 ? null : json.readTree(raw.getBytes());
            MultiMap h = rc.request().headers();
            call = pipeline.admit(new ChatCall(h.get("Authorization"),
                    () -> OpenAiRequests.chat(body, maxMessages),
                    () -> OpenAiRequests.policy(h.get("Cache-Control"), h.get("x-tollgate-cache"),
                            h.get("x-tollgate-similarity-threshold"), h.get("x-tollgate-cache-tags")),
                    trace));
        } catch (IOException | RuntimeException e) {
            fail(rc, e);
            return;
        }
        pipeline.firstLook(call).subscribe().with(look -> {
            Optional<ChatReply.Whole> hit = pipeline.exactHit(call, look);
            if (hit.isPresent()) {
                try {
                    write(rc, hit.get());
                } catch (IOException | RuntimeException e) {
                    fail(rc, e);
                    return;
                }
                pipeline.served(call, look);
                return;
            }
            if (pipeline.nonBlocking(call, look)) {
                onLoop.increment();
                proceedOnLoop(rc, call, look);
                return;
            }
            onVirtualThread.increment();
            try {
                virtualThreads.execute(() -> proceed(rc, call, look));
            } catch (RejectedExecutionException e) {
                fail(rc, e);
            }
        }, failure -> fail(rc, failure)); // firstLook never fails; this is a bug's last line of defence
    }

    /** On the event loop: a whole-answer miss with nothing left to look up, as callbacks (no thread of its own). */
    private void proceedOnLoop(RoutingContext rc, ChatPipeline.Admitted call, ExactTier.Read look) {
        Uni<ChatReply.Whole> reply;
        try {
            reply = pipeline.proceedAsync(call, look);
        } catch (RuntimeException e) {
            fail(rc, e);
            return;
        }
        reply.subscribe().with(whole -> {
            try {
                write(rc, whole);
            } catch (IOException | RuntimeException e) {
                fail(rc, e);
            }
        }, failure -> fail(rc, failure));
    }

    /** On a virtual thread: the rest of the pipeline, then the answer. */
    private void proceed(RoutingContext rc, ChatPipeline.Admitted call, ExactTier.Read look) {
        MDC.put("requestId", call.trace().requestId());
        try {
            ChatReply reply = pipeline.proceed(call, look);
            switch (reply) {
                case ChatReply.Live live -> relay(rc.response(), live, call.trace());
                case ChatReply.Whole whole -> write(rc, whole);
            }
        } catch (IOException | RuntimeException e) {
            fail(rc, e);
        } finally {
            MDC.remove("requestId");
        }
    }

    /** A whole answer: JSON, or (the caller asked to stream) the same answer replayed as one SSE body. */
    private void write(RoutingContext rc, ChatReply.Whole whole) throws IOException {
        HttpServerResponse response = rc.response();
        if (!whole.stream()) {
            response.putHeader("content-type", JSON)
                    .end(Buffer.buffer(json.writeValueAsBytes(OpenAiResponses.completion(whole.completion()))));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        SseWriter sse = new SseWriter(json, out);
        for (Object chunk : OpenAiResponses.replay(whole.completion(), whole.includeUsage())) {
            sse.event(chunk);
        }
        sse.done();
        sseHeaders(response).end(Buffer.buffer(out.toByteArray()));
    }

    /** Router chunks to OpenAI chunks as they come. A failure after the first byte can only be told in-band. */
    private void relay(HttpServerResponse response, ChatReply.Live live, RequestTrace trace) throws IOException {
        try (LiveStream stream = live.stream(); ResponseStream out = new ResponseStream(sseHeaders(response).setChunked(true))) {
            SseWriter sse = new SseWriter(json, out);
            try {
                String id = stream.first().completionId().isEmpty()
                        ? "chatcmpl-" + trace.requestId() : stream.first().completionId();
                boolean first = true;
                while (stream.hasNext()) {
                    Chunk chunk = stream.next();
                    sse.event(OpenAiResponses.chunk(id, stream.created(), stream.model(), chunk, first));
                    first = false;
                    if (chunk.usage() != null && live.includeUsage()) {
                        sse.event(OpenAiResponses.usageChunk(id, stream.created(), stream.model(), chunk.usage()));
                    }
                }
                sse.done();
            } catch (TollgateException e) {
                sse.event(HttpError.of(e).body());
            }
            out.end();
        }
    }

    private static HttpServerResponse sseHeaders(HttpServerResponse response) {
        return response.putHeader("content-type", SSE).putHeader("cache-control", "no-cache");
    }

    /** Any failure as OpenAI error JSON, logged as the JAX-RS endpoints log theirs; mid-stream only the connection ends. */
    private void fail(RoutingContext rc, Throwable failure) {
        if (rc.response().headWritten()) {
            LOG.debugf("chat response broken off after its head: %s", failure.toString());
            if (!rc.response().ended()) {
                rc.response().reset();
            }
            return;
        }
        edge.writeError(rc, ErrorResponses.logged(failure, PATH));
    }
}
