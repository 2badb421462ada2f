package io.tollgate.router.service;

/** Who a request is for; copied from the wire RequestContext and onto every cost event. */
public record Caller(String requestId, String tenant, String team, String apiKeyId, String baselineModel) {
}
