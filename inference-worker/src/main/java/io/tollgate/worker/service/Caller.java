package io.tollgate.worker.service;

/** Who a request is for (from the wire's RequestContext); copied onto the request's cost event. */
public record Caller(String requestId, String tenant, String team, String apiKeyId, String baselineModel) {
}
