package io.tollgate.cache.service;

import java.util.List;

/**
 * One stored answer. {@code contextKey} hashes everything except the last user message (system prompt, history,
 * parameters): a semantic hit requires an identical context, so only the question itself may be paraphrased.
 * {@code vector} is the unit-length embedding of {@code promptText}, or {@code null} when it was not embedded.
 * {@code floor}: the entry's own similarity floor, raised above the similarity of a semantic hit judged wrong
 * (feedback); 0 while none was.
 */
public record CacheEntry(String entryId, String tenant, String exactKey, String model, String family, String modelVersion,
        String contextKey, String promptText, List<String> tags, Completion completion, float[] vector,
        long createdMillis, long expiresAtMillis, float floor) {

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }
}
