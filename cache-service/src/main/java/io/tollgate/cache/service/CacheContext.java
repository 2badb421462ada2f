package io.tollgate.cache.service;

/** Who a cache call is for; the domain view of {@code RequestContext}. */
public record CacheContext(String requestId, String tenant, String team, String apiKeyId, String baselineModel) {
}
