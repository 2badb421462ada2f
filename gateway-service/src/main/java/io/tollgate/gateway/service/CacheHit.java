package io.tollgate.gateway.service;

/** A cached answer and how it matched. */
public record CacheHit(Completion completion, CacheOutcome outcome, float similarity) {
}
