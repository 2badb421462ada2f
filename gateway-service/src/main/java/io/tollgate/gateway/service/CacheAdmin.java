package io.tollgate.gateway.service;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.contracts.cache.v1.FeedbackResponse;
import io.tollgate.gateway.client.CacheClient;

/**
 * What a tenant may do to its own cache through {@code /v1/cache/*}: judge a semantic hit it was served, and
 * invalidate entries. The tenant is the API key's, never a field of the body: no key reaches another tenant's cache.
 */
@ApplicationScoped
public class CacheAdmin {
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final CacheClient cache;

    public CacheAdmin(Authenticator authenticator, RateLimiter rateLimiter, CacheClient cache) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.cache = cache;
    }

    /** Authenticates and rate-limits first, then validates the body ({@code body} parses it), like chat. */
    public Judged feedback(String authorization, Supplier<Feedback> body) {
        Caller caller = authenticator.authenticate(authorization);
        rateLimiter.acquire(caller);
        Feedback feedback = body.get();
        return new Judged(feedback, cache.feedback(caller.tenant(), feedback.requestId(), feedback.correct()));
    }

    public Invalidated invalidate(String authorization, Supplier<Invalidation> body) {
        Caller caller = authenticator.authenticate(authorization);
        rateLimiter.acquire(caller);
        Invalidation invalidation = body.get();
        return new Invalidated(invalidation, cache.invalidate(caller.tenant(), invalidation.model(), invalidation.tag()));
    }

    /** A validated {@code POST /v1/cache/feedback} body. */
    public record Feedback(String requestId, boolean correct) {
    }

    /** A validated {@code POST /v1/cache/invalidate} body; null fields match everything. */
    public record Invalidation(String model, String tag) {
    }

    /** A judgement as taken, with what the cache made of it. */
    public record Judged(Feedback feedback, FeedbackResponse result) {
    }

    /** An invalidation as asked, with how many entries it removed. */
    public record Invalidated(Invalidation invalidation, long removed) {
    }
}
