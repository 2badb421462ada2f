package io.tollgate.gateway.service;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.gateway.budget.Reservation;
import io.tollgate.gateway.client.CacheClient;
import io.tollgate.gateway.client.ExactTier;
import io.tollgate.gateway.client.RouterClient;
import io.tollgate.gateway.mapping.ProtoMapper;

/**
 * The request path of {@code POST /v1/chat/completions}, as one ordered list of stages (OkHttp's interceptor chain
 * made literal). A stage may answer without calling the next: a cache hit returns at once. Stages 1-4a never block
 * and run on the event loop, so an exact hit is answered there without a thread hand-off; the rest runs on a virtual
 * thread and may block (docs/design/001-gateway-threading.md).
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

    /**
     * A call past stages 1-3: who asks, what (and its wire form, built once for the exact read, the cache lookup, the
     * router and the store), and the cache policy that applies.
     */
    public record Admitted(Caller caller, ChatRequest request, io.tollgate.contracts.common.v1.ChatRequest wire,
            CallContext ctx, CacheDirectives policy, RequestTrace trace) {
    }

    /** Stages 1-3. Never blocks (runs on the event loop); a refusal is thrown as the error the caller gets. */
    public Admitted admit(ChatCall call) {
        RequestTrace trace = call.trace();
        Caller caller = authenticator.authenticate(call.authorization());                  // 1. authenticate     401
        rateLimiter.acquire(caller);                                                        // 2. rate limit       429
        ChatRequest request = call.request().get();                                         // 3. validate         400
        CallContext ctx = new CallContext(trace.requestId(), caller);
        return new Admitted(caller, request, ProtoMapper.chatRequest(request), ctx,
                CacheDirectives.resolve(caller, call.policy().get(), request), trace);
    }

    /**
     * Stage 4a, the exact tier read by the gateway itself. Never blocks and never fails; null when the caller turned
     * lookups off.
     */
    public Uni<ExactTier.Read> firstLook(Admitted call) {
        return call.policy().lookup() ? cache.exactTier(call.ctx(), call.wire()) : Uni.createFrom().nullItem();
    }

    /** The answer when the first look hit: written at once by the caller, who then calls {@link #served}. */
    public Optional<ChatReply.Whole> exactHit(Admitted call, ExactTier.Read look) {
        if (look == null || !look.hit()) {
            return Optional.empty();
        }
        call.trace().cache(CacheOutcome.HIT_EXACT, Float.NaN);
        return Optional.of(new ChatReply.Whole(look.completion(), call.request().stream(), call.request().includeUsage()));
    }

    /** After an exact hit was written: its cost event (what it saved), off the reply's path. */
    public void served(Admitted call, ExactTier.Read look) {
        cache.recordExactHit(call.ctx(), look.completion());
    }

    /** Stages 4b-9, after a first look that did not hit. Blocks (a virtual thread): gRPC, Redis, the provider. */
    public ChatReply proceed(Admitted call, ExactTier.Read look) {
        Caller caller = call.caller();
        ChatRequest request = call.request();
        io.tollgate.contracts.common.v1.ChatRequest wire = call.wire();
        CallContext ctx = call.ctx();
        CacheDirectives policy = call.policy();
        RequestTrace trace = call.trace();
        Optional<CacheHit> hit = lookup(ctx, wire, look, policy, trace);                         // 4b. cache service  fail-open
        if (hit.isPresent()) {
            return new ChatReply.Whole(hit.get().completion(), request.stream(), request.includeUsage()); //  hit: answer now
        }
        Reservation held = budget.reserve(caller, request);                                 // 5. budget reserve   429
        CallContext routedCtx = ctx.withBudgetRemaining(held.remaining());                  //    (the router's low-budget policy)
        if (request.stream()) {                                                             // 6. route + invoke   502/503/504
            LiveStream live;
            try {
                live = new LiveStream(router.completeStream(routedCtx, wire, trace), trace, completion -> {
                    budget.settle(held, caller, completion);                                // 7. settle budget
                    store(ctx, wire, look, completion, policy);                             // 8. store when complete
                });
            } catch (RuntimeException e) {
                budget.release(held);
                throw e;
            }
            return new ChatReply.Live(live, request.includeUsage());                        // 9. respond (SSE)
        }
        Routed routed;
        try {
            routed = router.complete(routedCtx, wire, trace);
        } catch (RuntimeException e) {
            budget.release(held);
            throw e;
        }
        budget.settle(held, caller, routed.completion());                                   // 7. settle budget
        trace.route(routed.route());
        store(ctx, wire, look, routed.completion(), policy);                                // 8. store, async
        return new ChatReply.Whole(routed.completion(), false, false);                      // 9. respond
    }

    /**
     * Whether stages 4b-9 can run without blocking, on the event loop ({@link #proceedAsync}): a whole answer (not a
     * stream) and nothing left to look up beyond the first look (lookups off, or an exact-only request the exact tier
     * read). The rest (a semantic lookup, a stream) goes to {@link #proceed} on a virtual thread.
     */
    public boolean nonBlocking(Admitted call, ExactTier.Read look) {
        return !call.request().stream() && (look == null || cache.answeredByExactTier(look, call.policy()));
    }

    /**
     * Stages 4b-9 of a {@link #nonBlocking} call, as one chain of callbacks: budget reserve (Redis), route (gRPC),
     * settle and store (fire and forget). Never blocks; the answer arrives on the event loop that subscribed.
     */
    public Uni<ChatReply.Whole> proceedAsync(Admitted call, ExactTier.Read look) {
        Caller caller = call.caller();
        ChatRequest request = call.request();
        CallContext ctx = call.ctx();
        RequestTrace trace = call.trace();
        lookup(ctx, call.wire(), look, call.policy(), trace);                                // 4b. known miss, no hop
        return budget.reserveAsync(caller, request).flatMap(held ->                         // 5. budget reserve   429
                router.completeAsync(ctx.withBudgetRemaining(held.remaining()), call.wire(), trace) // 6. route   502/503/504
                        .onFailure().call(e -> budget.releaseAsync(held))                  //    (given back first)
                        .map(routed -> {
                            budget.settle(held, caller, routed.completion());               // 7. settle budget
                            trace.route(routed.route());
                            store(ctx, call.wire(), look, routed.completion(), call.policy()); // 8. store, async
                            return new ChatReply.Whole(routed.completion(), false, false); // 9. respond
                        }));
    }

    private Optional<CacheHit> lookup(CallContext ctx, io.tollgate.contracts.common.v1.ChatRequest wire, ExactTier.Read look,
            CacheDirectives policy, RequestTrace trace) {
        if (look == null) {
            trace.cache(CacheOutcome.BYPASS, Float.NaN);
            return Optional.empty();
        }
        Optional<CacheHit> hit = cache.lookup(ctx, wire, look, policy);
        hit.ifPresentOrElse(h -> trace.cache(h.outcome(), h.outcome() == CacheOutcome.HIT_SEMANTIC ? h.similarity() : Float.NaN),
                () -> trace.cache(CacheOutcome.MISS, Float.NaN));
        return hit;
    }

    private void store(CallContext ctx, io.tollgate.contracts.common.v1.ChatRequest wire, ExactTier.Read look,
            Completion completion, CacheDirectives policy) {
        if (policy.store()) {
            cache.storeAsync(ctx, wire, look, completion, policy);
        }
    }
}
