package io.tollgate.gateway.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.tollgate.gateway.mapping.OpenAiRequests;
import io.tollgate.gateway.mapping.OpenAiResponses;
import io.tollgate.gateway.service.OpenAiService;
import io.tollgate.gateway.service.RequestTrace;
import io.vertx.ext.web.RoutingContext;

/**
 * The OpenAI-compatible endpoints but chat ({@link ChatRoute}). Thin: read the wire, hand lazy parsers to the service,
 * write the wire. Runs on virtual threads, so the blocking gRPC calls below never hold an event-loop thread.
 */
@Path("/v1")
public class OpenAiResource {
    private final OpenAiService openAi;

    public OpenAiResource(OpenAiService openAi) {
        this.openAi = openAi;
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

    /** The request's trace, which the HTTP edge attached; its request id goes into the log context. */
    static RequestTrace trace(RoutingContext rc) {
        RequestTrace trace = rc.get(RequestTrace.KEY);
        MDC.put("requestId", trace.requestId());
        return trace;
    }
}
