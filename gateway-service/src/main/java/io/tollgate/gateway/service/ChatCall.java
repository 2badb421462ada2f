package io.tollgate.gateway.service;

import java.util.function.Supplier;

/**
 * One chat call as the edge hands it over. {@code request} and {@code policy} parse and validate the body and the cache headers when the pipeline asks
 * (after authentication and rate limiting, so an unauthenticated caller learns nothing about validation).
 */
public record ChatCall(String authorization, Supplier<ChatRequest> request, Supplier<PolicyHeaders> policy, RequestTrace trace) {
}
