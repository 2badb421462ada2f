package io.tollgate.cache.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every knob of the cache service, under {@code tollgate.cache}. Environment variables override (TOLLGATE_CACHE_STORE=redis). */
@ConfigMapping(prefix = "tollgate.cache")
public interface CacheConfig {

    enum StoreKind { MEMORY, REDIS }

    /** Where entries live: {@code memory} (embedded, one process, the default) or {@code redis} (shared by replicas). */
    @WithDefault("memory")
    StoreKind store();

    /** Prefix of every Redis key; a tenant's keys are {@code <prefix>:{tenant}:...}. */
    @WithDefault("tollgate:cache")
    String keyPrefix();

    /** Time to live of an entry when the request's policy gives none. */
    @WithDefault("PT1H")
    Duration defaultTtl();

    /** Upper bound on a requested time to live. */
    @WithDefault("P1D")
    Duration maxTtl();

    /**
     * Global cosine threshold of the semantic tier, used when neither the request nor the tenant sets one (nor an
     * error budget has learned one). 0.995 is the lowest threshold at which served hits were at least 98 % right on
     * the whole QQP validation split (99.0 %; 0.99: 97.8 %); on test it serves 6.7 % of duplicates at 99.0 %
     * precision. Safe by default: a tenant buys more hits with a lower threshold of its own, or with an error budget
     * and feedback, which lower it step by step while the judged hits stay within the budget: docs/cache-evaluation.md.
     */
    @WithDefault("0.995")
    double similarityThreshold();

    /** Per-tenant thresholds: {@code tollgate.cache.tenant-threshold.<tenant>=0.95}. */
    Map<String, Double> tenantThreshold();

    /**
     * Confidence the guard's learned model ({@code GuardModel}) must also reach to serve a semantic hit; 0 = hard rules
     * only (default: on QQP validation the model did not beat a higher cosine threshold, see
     * docs/cache-evaluation.md, which also maps confidence to precision for a tenant's error budget).
     */
    @WithDefault("0.0")
    double minConfidence();

    /** Per-tenant confidence: {@code tollgate.cache.tenant-min-confidence.<tenant>=0.95} (a tighter error budget). */
    Map<String, Double> tenantMinConfidence();

    /**
     * Share of served semantic hits a tenant allows to be wrong (its error budget), e.g. 0.02; 0 (default) = off. With a
     * budget, the tenant's threshold is learned from the feedback its users send on served hits (POST
     * /v1/cache/feedback): the lowest threshold proven, at 95 % confidence, to stay within the budget ({@code ErrorBudget}).
     */
    @WithDefault("0")
    double errorBudget();

    /** Per-tenant error budgets: {@code tollgate.cache.tenant-error-budget.<tenant>=0.01}. */
    Map<String, Double> tenantErrorBudget();

    /** Judgements kept per tenant (the newest). */
    @WithDefault("1000")
    int feedbackWindow();

    /** Judgements at or above a threshold before it counts as proven. */
    @WithDefault("30")
    int feedbackMinJudgements();

    /** How long after a semantic hit it can be judged. */
    @WithDefault("PT24H")
    Duration servedHitTtl();

    /** Model version per model: {@code tollgate.cache.model-version.<model>=2}; changing it invalidates the model's entries. */
    Map<String, String> modelVersion();

    /** Explicit model families: {@code tollgate.cache.model-family.<model>=<family>}; otherwise derived from the name. */
    Map<String, String> modelFamily();

    /** Embedding model asked of the worker; empty means the worker's default. */
    Optional<String> embeddingModel();

    /** Deadline of one embedding call; past it the lookup is a miss (fail-open). */
    @WithDefault("PT0.15S")
    Duration embedDeadline();

    /** Deadline of one Redis command on the request path; past it the lookup is a miss (fail-open). */
    @WithDefault("PT0.1S")
    Duration redisDeadline();

    /** Candidates fetched from the index per semantic lookup before the guard and context checks. */
    @WithDefault("5")
    int candidates();

    /** Below this many live entries a partition is searched exhaustively; above it a jvector graph is used. */
    @WithDefault("2000")
    int annThreshold();

    /**
     * Nodes a graph search keeps while it walks (then cut to {@code candidates}): wider finds the true nearest entry
     * more often and costs latency. Default 32: on 100k real Quora questions recall@1 0.988 at p99 0.76 ms (64: 0.996 at
     * 1.28 ms; 16: 0.978 at 0.79 ms), docs/benchmarks.md. A miss of the true nearest is a lost hit, never a wrong one.
     */
    @WithDefault("32")
    int searchList();

    /** Lookup embeddings kept for the Store of the same request. */
    @WithDefault("10000")
    int pendingEmbeddingsMax();

    /** How long a lookup embedding waits for its Store. */
    @WithDefault("PT2M")
    Duration pendingEmbeddingsTtl();

    /** Entries kept by the memory store (oldest evicted first). */
    @WithDefault("10000")
    int memoryMaxEntries();

    /** Consecutive failures that open a dependency's circuit breaker. */
    @WithDefault("5")
    int breakerFailures();

    /** How long an open breaker answers misses before trying the dependency again. */
    @WithDefault("PT5S")
    Duration breakerOpenFor();

    /** Approximate length cap of the replica-sync stream. */
    @WithDefault("100000")
    long streamMaxLen();
}
