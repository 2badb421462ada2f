package io.tollgate.common.cache;

/** The caching policy shared by the cache service and the gateway's exact tier: reasons not to cache, not errors. */
public final class Cacheability {
    private Cacheability() {
    }

    /**
     * Why this request must not be served from or written to the cache, or null when it may: only deterministic
     * requests are safe to reuse (temperature 0, or a fixed seed), and tool calls act on the world.
     */
    public static String uncacheable(Params p) {
        if (p.hasTools()) {
            return "tools";
        }
        boolean deterministic = (p.temperature() != null && p.temperature() == 0.0) || p.seed() != null;
        return deterministic ? null : "nondeterministic";
    }
}
