package io.tollgate.gateway.service;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;

/** A 429 that knows when the caller may retry (the {@code retry-after} header, whole seconds, at least 1). */
public final class RateLimitedException extends TollgateException {
    private final long retryAfterSeconds;

    public RateLimitedException(String keyId, long retryAfterSeconds) {
        super(ErrorKind.RATE_LIMITED, "Rate limit reached for key " + keyId + "; retry after " + retryAfterSeconds + "s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
