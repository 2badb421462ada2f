package io.tollgate.cache.service;

/** A cached answer and the usage it cost when it was generated (what a hit saves). */
public record Completion(String id, String model, String content, String finishReason, long inputTokens,
        long outputTokens, long cachedTokens, long createdUnixSeconds, String provider) {
}
