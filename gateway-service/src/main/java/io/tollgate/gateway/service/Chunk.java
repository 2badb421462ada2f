package io.tollgate.gateway.service;

/**
 * One piece of a streamed answer. The first chunk carries the route; the last carries the finish reason and usage
 * (both null otherwise).
 */
public record Chunk(String delta, Route route, String finishReason, Usage usage, String completionId) {
}
