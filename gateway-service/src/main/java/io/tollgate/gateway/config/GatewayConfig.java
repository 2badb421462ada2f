package io.tollgate.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Everything the gateway reads from {@code tollgate.gateway.*}. Each default is written here once and repeated in
 * gateway-service/README.md.
 */
@ConfigMapping(prefix = "tollgate.gateway")
public interface GatewayConfig {

    /**
     * API keys, by secret: {@code tollgate.gateway.api-keys."<key>".tenant=acme}. No default: a gateway without keys
     * answers 401 to everyone. In production set the secret through an environment variable placeholder.
     */
    Map<String, ApiKey> apiKeys();

    /** The default per-key token bucket; a key may override it. */
    RateLimit rateLimit();

    Cache cache();

    Router router();

    /**
     * Most API requests ({@code /v1/*}) admitted at once (default 512, sized with the image's 88 MiB heap: ~30 KB each
     * while queued); past it a request is answered 503 {@code overloaded} with {@code retry-after: 1} at once, so memory
     * and queueing stay bounded under overload. Raise it with the heap.
     */
    @WithDefault("512")
    int maxInFlight();

    /** Largest number of messages one chat request may carry (default 256); more is a 400 on {@code messages}. */
    @WithDefault("256")
    int maxMessages();

    interface ApiKey {
        /** The tenant the key bills to. Required. */
        String tenant();

        /** The team inside the tenant (default {@code default}). */
        @WithDefault("default")
        String team();

        /** A public id of the key, carried on every hop instead of the secret (default: derived from the key's hash). */
        Optional<String> keyId();

        /** The tenant's premium model: the counterfactual baseline for savings (default {@code gpt-4o}). */
        @WithDefault("gpt-4o")
        String baselineModel();

        /** Default cache mode for the key: {@code off}, {@code exact} or {@code semantic} (default {@code semantic}). */
        @WithDefault("semantic")
        String cache();

        /** Default semantic similarity threshold, 0..1 (default: the cache service's own). */
        Optional<Float> similarityThreshold();

        /** Requests per second for this key (default: {@code tollgate.gateway.rate-limit.requests-per-second}). */
        Optional<Double> requestsPerSecond();

        /** Burst for this key (default: {@code tollgate.gateway.rate-limit.burst}). */
        Optional<Integer> burst();
    }

    interface RateLimit {
        /** Sustained requests per second per key (default 50). */
        @WithDefault("50")
        double requestsPerSecond();

        /** Bucket size: requests a key may send at once after being idle (default 100). */
        @WithDefault("100")
        int burst();
    }

    interface Cache {
        /**
         * Deadline of a cache lookup (default 300ms). Past it the lookup counts as a miss: a slow cache must never cost
         * more than it could save. It must exceed the cache-service's own fail-open deadlines (Redis 100 ms, then the
         * embedding 150 ms, taken one after the other on a semantic miss): a shorter one abandons lookups the cache
         * would still have answered, which silently turns the semantic tier off under load.
         */
        @WithDefault("300ms")
        Duration lookupTimeout();

        /** Deadline of an asynchronous store (default 2s); nobody waits on it. */
        @WithDefault("2s")
        Duration storeTimeout();

        /** Deadline of feedback and invalidation through {@code /v1/cache/*} (default 10s; invalidation walks the tenant's entries). */
        @WithDefault("10s")
        Duration adminTimeout();

        /** The gateway's own read of the exact tier in the cache's Redis (docs/design/004-exact-tier-in-the-gateway.md). */
        ExactTier exactTier();
    }

    interface ExactTier {
        /**
         * Read exact hits from the cache's Redis without the hop through the cache service (default false). Turn it on
         * only where the cache service stores in Redis ({@code tollgate.cache.store=redis}) and this gateway reaches
         * the same Redis.
         */
        @WithDefault("false")
        boolean enabled();

        /** Must equal the cache service's {@code tollgate.cache.key-prefix} (default {@code tollgate:cache}). */
        @WithDefault("tollgate:cache")
        String keyPrefix();

        /**
         * Must equal the cache service's {@code tollgate.cache.model-version.<model>}. A mismatch never serves a wrong
         * answer (the cache service deletes entries of a replaced version when it starts): the model's exact hits are
         * lost until the two agree (its requests go to the router; semantic-mode ones still reach the cache service).
         */
        Map<String, String> modelVersion();

        /**
         * Deadline of one read (default 50ms). Past it, or on any Redis error, an exact-only request is a miss and any
         * other asks the cache service, exact tier included.
         */
        @WithDefault("50ms")
        Duration timeout();

        /**
         * How long an entry the gateway writes lives (the entries of exact-only requests, which the gateway writes
         * itself). Must equal the cache service's {@code tollgate.cache.default-ttl} (default PT1H), the TTL of the
         * entries it writes for requests that name none.
         */
        @WithDefault("PT1H")
        Duration ttl();
    }

    interface Router {
        /** Deadline of a whole completion, streamed or not (default 120s): long generations are legitimate. */
        @WithDefault("120s")
        Duration timeout();

        /** Deadline of Embed and ListModels (default 10s). */
        @WithDefault("10s")
        @WithName("metadata-timeout")
        Duration metadataTimeout();
    }
}
