package io.tollgate.gateway.service;

/** One finished answer, from the router or from the cache. */
public record Completion(String id, String model, String content, String finishReason, Usage usage,
        long createdUnixSeconds, String provider) {
}
