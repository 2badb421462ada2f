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

    /** Global semantic similarity threshold (cosine), used when neither the request nor the tenant sets one. */
    @WithDefault("0.92")
    double similarityThreshold();

    /** Per-tenant thresholds: {@code tollgate.cache.tenant-threshold.<tenant>=0.95}. */
    Map<String, Double> tenantThreshold();

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
