package io.tollgate.gateway.service;

/**
 * Who sent a request, resolved from its API key. {@code keyId} is public (carried on every hop); the secret never
 * leaves the authenticator. {@code similarityThreshold} is null when the cache service's default applies.
 */
public record Caller(String tenant, String team, String keyId, String baselineModel, CacheMode cacheMode,
        Float similarityThreshold) {
}
