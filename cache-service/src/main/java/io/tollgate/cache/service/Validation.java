package io.tollgate.cache.service;

import io.tollgate.common.cache.Prompt;
import io.tollgate.common.error.TollgateException;

/** Input checks (errors); the reasons not to cache, which are not errors, are {@code Cacheability}'s. */
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
}
