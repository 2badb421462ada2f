package io.tollgate.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.common.annotation.RunOnVirtualThread;
import io.tollgate.contracts.cache.v1.FeedbackResponse;
import io.tollgate.gateway.mapping.OpenAiRequests;
import io.tollgate.gateway.service.CacheAdmin;
import io.vertx.ext.web.RoutingContext;

/**
 * A tenant's own cache, through its API key: {@code POST /v1/cache/feedback} judges a semantic hit it was served (a
 * wrong one is never served again at that similarity; with an error budget the tenant's threshold is learned from
 * the judgements), {@code POST /v1/cache/invalidate} removes entries by model or tag. Errors are OpenAI-style JSON.
 */
@Path("/v1/cache")
public class CacheResource {
    private final CacheAdmin admin;

    public CacheResource(CacheAdmin admin) {
        this.admin = admin;
    }

    @POST
    @Path("/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Map<String, Object> feedback(JsonNode body, @RestHeader("Authorization") String authorization, RoutingContext rc) {
        OpenAiResource.trace(rc);
        CacheAdmin.Judged judged = admin.feedback(authorization, () -> OpenAiRequests.feedback(body));
        FeedbackResponse r = judged.result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "cache.feedback");
        out.put("request_id", judged.feedback().requestId());
        out.put("correct", judged.feedback().correct());
        out.put("entry_id", r.getEntryId());
        out.put("similarity", r.getSimilarity());
        out.put("entry_floor", r.getEntryFloor());
        out.put("tenant_threshold", r.getTenantThreshold());
        out.put("threshold_source", r.getThresholdSource());
        out.put("judgements", r.getObservations());
        return out;
    }

    @POST
    @Path("/invalidate")
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    public Map<String, Object> invalidate(JsonNode body, @RestHeader("Authorization") String authorization, RoutingContext rc) {
        OpenAiResource.trace(rc);
        CacheAdmin.Invalidated done = admin.invalidate(authorization, () -> OpenAiRequests.invalidation(body));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "cache.invalidation");
        out.put("model", done.invalidation().model());
        out.put("tag", done.invalidation().tag());
        out.put("removed", done.removed());
        return out;
    }
}
