package io.tollgate.gateway.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.cache.v1.CacheServiceGrpc;
import io.tollgate.contracts.cache.v1.FeedbackRequest;
import io.tollgate.contracts.cache.v1.FeedbackResponse;
import io.tollgate.contracts.cache.v1.InvalidateRequest;
import io.tollgate.contracts.cache.v1.LookupRequest;
import io.tollgate.contracts.cache.v1.LookupResponse;
import io.tollgate.contracts.cache.v1.MutinyCacheServiceGrpc;
import io.tollgate.contracts.cache.v1.StoreRequest;
import io.tollgate.contracts.cache.v1.Tier;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.mapping.ProtoMapper;
import io.tollgate.gateway.service.CacheDirectives;
import io.tollgate.gateway.service.CacheHit;
import io.tollgate.gateway.service.CacheOutcome;
import io.tollgate.gateway.service.CallContext;
import io.tollgate.gateway.service.Completion;

/**
 * The cache, fail-open: a lookup that fails or outlives its deadline is a miss, a store that fails is dropped. When
 * {@link ExactTier} is on, lookups read the exact tier in Redis first and the entries of exact-only requests are written
 * there directly; the cache service does the rest.
 * Both stubs share the one channel of client {@code cache} (created once, reused by every request).
 */
@ApplicationScoped
public class CacheClient {
    private static final Logger LOG = Logger.getLogger(CacheClient.class);

    private final ExactTier exactTier;
    private final CacheServiceGrpc.CacheServiceBlockingStub blocking;
    private final MutinyCacheServiceGrpc.MutinyCacheServiceStub async;
    private final long lookupMillis;
    private final long storeMillis;
    private final long adminMillis;
    private final Counter hits;
    private final Counter misses;
    private final Counter failures;
    private final Counter storeFailures;

    public CacheClient(@GrpcClient("cache") CacheServiceGrpc.CacheServiceBlockingStub blocking,
            @GrpcClient("cache") MutinyCacheServiceGrpc.MutinyCacheServiceStub async,
            ExactTier exactTier, GatewayConfig config, MeterRegistry registry) {
        this.exactTier = exactTier;
        this.blocking = blocking;
        this.async = async;
        this.lookupMillis = config.cache().lookupTimeout().toMillis();
        this.storeMillis = config.cache().storeTimeout().toMillis();
        this.adminMillis = config.cache().adminTimeout().toMillis();
        this.hits = lookups(registry, "hit");
        this.misses = lookups(registry, "miss");
        this.failures = lookups(registry, "error");
        this.storeFailures = Counter.builder("tollgate.gateway.cache.store.failures")
                .description("Asynchronous cache stores that failed (dropped)").register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("tollgate.gateway.cache.lookups").description("Cache lookups by result; error counts as a miss")
                .tag("result", result).register(registry);
    }

    /**
     * The first look: the gateway's own exact tier (one Redis read). Never blocks and never fails (an unavailable
     * exact tier is a status); a hit is counted here, its cost event recorded by {@link #recordExactHit}.
     */
    public Uni<ExactTier.Read> exactTier(CallContext ctx, ChatRequest wire) {
        return exactTier.read(ctx, wire).invoke(read -> {
            if (read.hit()) {
                hits.increment();
            }
        });
    }

    /** The retrieve cost event of a hit the exact tier answered (what it saved against the caller's baseline). */
    public void recordExactHit(CallContext ctx, Completion hit) {
        exactTier.recordHit(ctx, hit);
    }

    /**
     * The rest of the lookup after the first look did not hit: the cache service for the semantic tier, or for
     * everything when the exact tier is off or not applicable. An exact-only request that the exact tier could not read
     * (Redis failed or was slow) is a miss here too: the cache service would read the same Redis. Blocks at most the
     * lookup deadline. Empty on a miss and on any failure.
     */
    public Optional<CacheHit> lookup(CallContext ctx, ChatRequest wire, ExactTier.Read exact, CacheDirectives directives) {
        boolean exactChecked = exact.status() == ExactTier.Status.MISS;
        if (answeredByExactTier(exact, directives)) {
            // nothing left for the cache service to look in: no hop at all
            misses.increment();
            exactTier.recordMiss(ctx);
            return Optional.empty();
        }
        LookupRequest lookup = LookupRequest.newBuilder()
                .setContext(ProtoMapper.context(ctx))
                .setRequest(wire)
                .setPolicy(ProtoMapper.cachePolicy(directives))
                .setExactChecked(exactChecked)
                .build();
        LookupResponse response;
        try {
            response = blocking.withDeadlineAfter(lookupMillis, TimeUnit.MILLISECONDS).lookup(lookup);
        } catch (StatusRuntimeException e) {
            failures.increment();
            LOG.debugf("cache lookup failed open (%s): treated as a miss", e.getStatus().getCode());
            return Optional.empty();
        }
        if (!response.getHit()) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        CacheOutcome outcome = response.getTier() == Tier.TIER_SEMANTIC ? CacheOutcome.HIT_SEMANTIC : CacheOutcome.HIT_EXACT;
        return Optional.of(new CacheHit(ProtoMapper.completion(response.getCompletion()), outcome, response.getSimilarity()));
    }

    /**
     * Whether the first look already settled the lookup: the exact tier read an exact-only request (a miss, since the
     * caller asks after no hit), so {@link #lookup} makes no cache-service call and does not block.
     */
    public boolean answeredByExactTier(ExactTier.Read exact, CacheDirectives directives) {
        return exact.writable() && !directives.semantic();
    }

    /**
     * Judges the semantic hit that answered {@code requestId}. Not fail-open: the caller must learn that its
     * judgement was not taken (cache down: 502; unknown request: 404).
     */
    public FeedbackResponse feedback(String tenant, String requestId, boolean correct) {
        try {
            return blocking.withDeadlineAfter(adminMillis, TimeUnit.MILLISECONDS).feedback(FeedbackRequest.newBuilder()
                    .setTenant(tenant).setRequestId(requestId).setCorrect(correct).build());
        } catch (StatusRuntimeException e) {
            throw TollgateException.fromGrpc(e);
        }
    }

    /** Removes the tenant's entries, optionally only one model's or one tag's; returns how many. Not fail-open. */
    public long invalidate(String tenant, String model, String tag) {
        try {
            return blocking.withDeadlineAfter(adminMillis, TimeUnit.MILLISECONDS).invalidate(InvalidateRequest.newBuilder()
                    .setTenant(tenant).setModel(model == null ? "" : model).setTag(tag == null ? "" : tag).build()).getRemoved();
        } catch (StatusRuntimeException e) {
            throw TollgateException.fromGrpc(e);
        }
    }

    /**
     * Fire and forget: returns at once, never throws; the reply never waits for it. The gateway writes an exact-only
     * request's entry itself when its exact tier read the request ({@code exact} writable); the cache service stores
     * the rest (it embeds semantic entries and indexes them).
     */
    public void storeAsync(CallContext ctx, ChatRequest wire, ExactTier.Read exact, Completion completion,
            CacheDirectives directives) {
        if (exact != null && exact.writable() && !directives.semantic()) {
            exactTier.store(ctx, exact, completion, directives.tags());
            return;
        }
        StoreRequest store = StoreRequest.newBuilder()
                .setContext(ProtoMapper.context(ctx))
                .setRequest(wire)
                .setCompletion(ProtoMapper.completion(completion))
                .setPolicy(ProtoMapper.cachePolicy(directives))
                .build();
        async.withDeadlineAfter(storeMillis, TimeUnit.MILLISECONDS).store(store).subscribe().with(
                stored -> LOG.tracef("cache store: stored=%s %s", stored.getStored(), stored.getReason()),
                failure -> {
                    storeFailures.increment();
                    LOG.debugf("cache store dropped: %s", failure.toString());
                });
    }
}
