package io.tollgate.router.service;

/** A provider's answer with the usage it reported. */
public record Answer(String id, String model, String provider, String content, String finishReason, long inputTokens,
        long outputTokens, long createdUnixSeconds) {
}
