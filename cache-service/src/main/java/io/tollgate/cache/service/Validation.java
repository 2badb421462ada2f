package io.tollgate.cache.service;

import io.tollgate.common.error.TollgateException;

/** Input checks (errors) and the caching policy (reasons not to cache, which are not errors). */
final class Validation {
    private Validation() {
    }

    static void require(CacheContext ctx, Prompt prompt) {
        if (ctx == null || ctx.tenant() == null || ctx.tenant().isBlank()) {
            throw TollgateException.invalid("context.tenant", "tenant is required");
        }
        if (prompt == null || prompt.messages() == null || prompt.messages().isEmpty()) {
            throw TollgateException.invalid("request.messages", "at least one message is required");
        }
        if (prompt.params() == null || prompt.params().model() == null || prompt.params().model().isBlank()) {
            throw TollgateException.invalid("request.params.model", "model is required");
        }
    }

    /**
     * Why this request must not be served from or written to the cache, or null when it may: only deterministic
     * requests are safe to reuse (temperature 0, or a fixed seed), and tool calls act on the world.
     */
    static String uncacheable(Prompt prompt) {
        Params p = prompt.params();
        if (p.hasTools()) {
            return "tools";
        }
        boolean deterministic = (p.temperature() != null && p.temperature() == 0.0) || p.seed() != null;
        return deterministic ? null : "nondeterministic";
    }
}
