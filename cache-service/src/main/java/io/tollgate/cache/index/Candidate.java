package io.tollgate.cache.index;

/** A nearest-neighbour candidate: the entry id and its cosine similarity to the query. */
public record Candidate(String entryId, String contextKey, float similarity) {
}
