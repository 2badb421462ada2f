package io.tollgate.cache.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.tollgate.cache.client.EmbeddingClient;
import io.tollgate.cache.config.CacheConfig;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.store.CacheStore;
import io.tollgate.cache.store.MemoryCacheStore;
import io.tollgate.cache.store.RedisCacheStore;
import io.tollgate.common.ledger.LedgerAppender;

/** Wires the engine from config: the store kind, the index, the embedder, the ledger appender; rebuilds at start-up. */
@ApplicationScoped
public class CacheEngineProducer {
    /** Expired entries leave the index within this period (searches skip them meanwhile). */
    private static final long SWEEP_SECONDS = 30;

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tollgate-cache-sweep").factory());

    @Produces
    @ApplicationScoped
    @Startup
    CacheEngine engine(CacheConfig config, Instance<ReactiveRedisDataSource> redis, EmbeddingClient embedder, LedgerAppender appender) {
        CacheStore store = switch (config.store()) {
            case MEMORY -> new MemoryCacheStore(config.memoryMaxEntries());
            case REDIS -> new RedisCacheStore(redis.get(), config.keyPrefix(), config.redisDeadline(), config.streamMaxLen());
        };
        CacheEngine engine = new CacheEngine(store, new SemanticIndex(config.annThreshold(), config.searchList()), embedder, appender, CacheSettings.from(config));
        engine.start();
        sweeper.execute(embedder::warmUp); // off the start-up path: a worker still starting must not hold the cache
        sweeper.scheduleWithFixedDelay(engine::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        return engine;
    }

    void close(@Disposes CacheEngine engine) {
        sweeper.shutdownNow();
        engine.close();
    }
}
