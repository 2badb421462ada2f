package io.tollgate.cache.service;

import java.util.List;

/** The caller's cache policy for one request; {@code similarityThreshold} is {@code null} when unset, ttlSeconds 0 = default. */
public record Policy(boolean semanticEnabled, Float similarityThreshold, boolean noStore, long ttlSeconds, List<String> tags) {
    public static Policy exactOnly() {
        return new Policy(false, null, false, 0, List.of());
    }
}
