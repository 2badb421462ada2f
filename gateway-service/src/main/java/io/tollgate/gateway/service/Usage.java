package io.tollgate.gateway.service;

/** Token usage of one answer. */
public record Usage(long inputTokens, long outputTokens, long cachedTokens) {
    public static final Usage NONE = new Usage(0, 0, 0);
}
