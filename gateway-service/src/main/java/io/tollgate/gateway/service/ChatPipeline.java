package io.tollgate.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.gateway.budget.Reservation;
import io.tollgate.gateway.client.CacheClient;
import io.tollgate.gateway.client.RouterClient;

/**
 * The request path of {@code POST /v1/chat/completions}, as one ordered list of stages (OkHttp's interceptor chain
 * made literal). A stage may answer without calling the next: a cache hit returns at once. Runs on a virtual thread;
 * every stage may block.
 */
@ApplicationScoped
public class ChatPipeline {
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final BudgetGuard budget;
    private final CacheClient cache;
    private final RouterClient router;

    public ChatPipeline(Authenticator authenticator, RateLimiter rateLimiter, BudgetGuard budget, CacheClient cache,
            RouterClient router) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.budget = budget;
        this.cache = cache;
        this.router = router;
    }

    public ChatReply chat(ChatCall call) {
        RequestTrace trace = call.trace();
        Caller caller = authenticator.authenticate(call.authorization());                  // 1. authenticate     401
        rateLimiter.acquire(caller);                                                        // 2. rate limit       429
        ChatRequest request = call.request().get();                                         // 3. validate         400
        CallContext ctx = new CallContext(trace.requestId(), caller);
        CacheDirectives policy = CacheDirectives.resolve(caller, call.policy().get(), request);
        Optional<CacheHit> hit = lookup(ctx, request, policy, trace);                       // 4. cache lookup     fail-open
        if (hit.isPresent()) {
            return new ChatReply.Whole(hit.get().completion(), request.stream(), request.includeUsage()); //  hit: answer now
        }
        Reservation held = budget.reserve(caller, request);                                 // 5. budget reserve   429
        CallContext routedCtx = ctx.withBudgetRemaining(held.remaining());                  //    (the router's low-budget policy)
        if (request.stream()) {                                                             // 6. route + invoke   502/503/504
            LiveStream live;
            try {
                live = new LiveStream(router.completeStream(routedCtx, request, trace), trace, completion -> {
                    budget.settle(held, caller, completion);                                // 7. settle budget
                    store(ctx, request, completion, policy);                                // 8. store when complete
                });
            } catch (RuntimeException e) {
                budget.release(held);
                throw e;
            }
            return new ChatReply.Live(live, request.includeUsage());                        // 9. respond (SSE)
        }
        Routed routed;
        try {
            routed = router.complete(routedCtx, request, trace);
        } catch (RuntimeException e) {
            budget.release(held);
            throw e;
        }
        budget.settle(held, caller, routed.completion());                                   // 7. settle budget
        trace.route(routed.route());
        store(ctx, request, routed.completion(), policy);                                   // 8. store, async
        return new ChatReply.Whole(routed.completion(), false, false);                      // 9. respond
    }

    private Optional<CacheHit> lookup(CallContext ctx, ChatRequest request, CacheDirectives policy, RequestTrace trace) {
        if (!policy.lookup()) {
            trace.cache(CacheOutcome.BYPASS, Float.NaN);
            return Optional.empty();
        }
        Optional<CacheHit> hit = cache.lookup(ctx, request, policy);
        hit.ifPresentOrElse(h -> trace.cache(h.outcome(), h.outcome() == CacheOutcome.HIT_SEMANTIC ? h.similarity() : Float.NaN),
                () -> trace.cache(CacheOutcome.MISS, Float.NaN));
        return hit;
    }

    private void store(CallContext ctx, ChatRequest request, Completion completion, CacheDirectives policy) {
        if (policy.store()) {
            cache.storeAsync(ctx, request, completion, policy);
        }
    }
}
