package io.tollgate.gateway.service;

/** What the cache stage did for one request; {@link #header} is the {@code x-tollgate-cache} value. */
public enum CacheOutcome {
    HIT_EXACT("hit-exact"), HIT_SEMANTIC("hit-semantic"), MISS("miss"), BYPASS("bypass");

    public final String header;

    CacheOutcome(String header) {
        this.header = header;
    }
}
