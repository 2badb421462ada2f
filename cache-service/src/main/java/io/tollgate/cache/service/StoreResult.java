package io.tollgate.cache.service;

/** The answer to a store; {@code reason} says why nothing was stored. */
public record StoreResult(boolean stored, String entryId, String reason) {
    public static StoreResult skipped(String reason) {
        return new StoreResult(false, "", reason);
    }
}
