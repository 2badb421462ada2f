package io.tollgate.gateway.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.mapping.HttpError;
import io.tollgate.gateway.mapping.OpenAiRequests;
import io.tollgate.gateway.mapping.OpenAiResponses;
import io.tollgate.gateway.service.ChatCall;
import io.tollgate.gateway.service.ChatPipeline;
import io.tollgate.gateway.service.ChatReply;
import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.LiveStream;
import io.tollgate.gateway.service.OpenAiService;
import io.tollgate.gateway.service.RequestTrace;
import io.vertx.ext.web.RoutingContext;

/**
 * The OpenAI-compatible endpoints. Thin: read the wire, hand lazy parsers to the service, write the wire. Runs on
 * virtual threads, so the blocking gRPC calls below never hold an event-loop thread.
 */
@Path("/v1")
public class OpenAiResource {
    private static final String SSE = "text/event-stream";

    private final ChatPipeline pipeline;
    private final OpenAiService openAi;
    private final ObjectMapper json;
    private final int maxMessages;

    public OpenAiResource(ChatPipeline pipeline, OpenAiService openAi, ObjectMapper json, GatewayConfig config) {
        this.pipeline = pipeline;
        this.openAi = openAi;
        this.json = json;
        this.maxMessages = config.maxMessages();
    }

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Response chat(JsonNode body, @RestHeader("Authorization") String authorization,
            @RestHeader("Cache-Control") String cacheControl, @RestHeader("x-tollgate-cache") String cacheMode,
            @RestHeader("x-tollgate-similarity-threshold") String threshold, @RestHeader("x-tollgate-cache-tags") String tags,
            RoutingContext rc) {
        RequestTrace trace = trace(rc);
        ChatReply reply = pipeline.chat(new ChatCall(authorization,
                () -> OpenAiRequests.chat(body, maxMessages),
                () -> OpenAiRequests.policy(cacheControl, cacheMode, threshold, tags), trace));
        return switch (reply) {
            case ChatReply.Whole whole when !whole.stream() ->
                    Response.ok(OpenAiResponses.completion(whole.completion()), MediaType.APPLICATION_JSON).build();
            case ChatReply.Whole whole -> sse(out -> {
                SseWriter sse = new SseWriter(json, out);
                for (Object chunk : OpenAiResponses.replay(whole.completion(), whole.includeUsage())) {
                    sse.event(chunk);
                }
                sse.done();
            });
            case ChatReply.Live live -> sse(out -> relay(live, trace, new SseWriter(json, out)));
        };
    }

    @POST
    @Path("/embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Object embeddings(JsonNode body, @RestHeader("Authorization") String authorization, RoutingContext rc) {
        return OpenAiResponses.embeddings(openAi.embed(authorization, () -> OpenAiRequests.embed(body), trace(rc)));
    }

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Object models(@RestHeader("Authorization") String authorization, RoutingContext rc) {
        trace(rc);
        return OpenAiResponses.models(openAi.models(authorization));
    }

    /** Router chunks to OpenAI chunks. A failure after the first byte can only be told in-band: an error event. */
    private void relay(ChatReply.Live live, RequestTrace trace, SseWriter sse) throws java.io.IOException {
        try (LiveStream stream = live.stream()) {
            String id = stream.first().completionId().isEmpty() ? "chatcmpl-" + trace.requestId() : stream.first().completionId();
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
    }

    private static Response sse(StreamingOutput body) {
        return Response.ok(body, SSE).header("Cache-Control", "no-cache").build();
    }

    /** The request's trace, which the HTTP edge attached; its request id goes into the log context. */
    static RequestTrace trace(RoutingContext rc) {
        RequestTrace trace = rc.get(RequestTrace.KEY);
        MDC.put("requestId", trace.requestId());
        return trace;
    }
}
