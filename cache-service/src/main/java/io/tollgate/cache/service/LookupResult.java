package io.tollgate.cache.service;

/** The answer to a lookup; {@code refusedReason} names why a semantic candidate was refused, or is empty. */
public record LookupResult(boolean hit, Tier tier, float similarity, Completion completion, String entryId, String refusedReason) {
    public static LookupResult miss(String refusedReason) {
        return new LookupResult(false, Tier.NONE, 0f, null, "", refusedReason == null ? "" : refusedReason);
    }
}
