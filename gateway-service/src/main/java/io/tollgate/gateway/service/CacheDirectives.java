package io.tollgate.gateway.service;

import java.util.List;

/**
 * The cache policy of one request, resolved once from the key's defaults and the caller's headers.
 * Invariant: a request with tools is never looked up nor stored (its answer depends on the tool results).
 */
public record CacheDirectives(boolean lookup, boolean store, boolean semantic, Float similarityThreshold, List<String> tags) {

    public static CacheDirectives resolve(Caller caller, PolicyHeaders headers, ChatRequest request) {
        CacheMode mode = headers.mode() != null ? headers.mode() : caller.cacheMode();
        boolean enabled = mode != CacheMode.OFF && !request.params().hasTools();
        Float threshold = headers.similarityThreshold() != null ? headers.similarityThreshold() : caller.similarityThreshold();
        return new CacheDirectives(enabled && !headers.noCache(), enabled && !headers.noStore(),
                mode == CacheMode.SEMANTIC, threshold, headers.tags());
    }
}
