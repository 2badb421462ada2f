package io.tollgate.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.quarkus.redis.datasource.stream.XReadArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.tollgate.cache.service.CacheEntry;
import io.tollgate.cache.service.ErrorBudget;
import io.tollgate.common.cache.CacheLayout;
import io.tollgate.common.cache.EntryWriter;
import io.tollgate.common.redis.RedisScript;

/**
 * Redis-backed store shared by every cache-service replica. Key space, per tenant (the braces make the tenant a
 * Redis Cluster hash tag, so one tenant's keys share a slot):
 * <ul>
 * <li>{@code <prefix>:{tenant}:e:<entryId>} hash: the entry, expiring with it;</li>
 * <li>{@code <prefix>:{tenant}:x:<exactKey>} string: the entry id for the exact tier, expiring with it;</li>
 * <li>{@code <prefix>:{tenant}:ids} sorted set: entry id by expiry time (rebuild, invalidation, sweeping);</li>
 * <li>{@code <prefix>:{tenant}:s:<requestId>} string: the entry that answered a request with a semantic hit, its
 * family and similarity, kept for feedback (taken once, expiring);</li>
 * <li>{@code <prefix>:{tenant}:judgements} list: the newest feedback judgements, "similarity:1|0".</li>
 * </ul>
 * plus {@code <prefix>:tenants} (set of tenants) and {@code <prefix>:events} (the replica-sync stream of
 * {@code put}/{@code del} events, capped at about {@code streamMaxLen}; a {@code put} only for an entry with a vector,
 * the only kind a replica's index holds). Entries are written through {@link EntryWriter}, which the gateway also uses
 * for exact-only entries.
 *
 * <p>Request-path calls wait at most {@code deadline} and throw past it: the engine turns that into a miss.
 * Threading: any thread may call; one daemon thread per store reads the stream once {@link #listen} is called.
 */
public final class RedisCacheStore implements CacheStore {
    private static final Logger LOG = Logger.getLogger(RedisCacheStore.class);
    /** Entries read per round trip when the index is rebuilt at start-up. */
    private static final int LOAD_BATCH = 256;
    /** Reads in flight at once during the rebuild: below the Redis client's pool size, so none waits for a connection. */
    private static final int LOAD_CONCURRENCY = 4;
    /** Off the request path (rebuild, invalidation, the sync loop) Redis gets longer than the request deadline. */
    private static final Duration BACKGROUND_DEADLINE = Duration.ofSeconds(10);
    private static final Duration SYNC_BLOCK = Duration.ofMillis(500);
    private static final RedisScript RAISE_FLOOR = new RedisScript("if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end "
            + "local f = redis.call('HGET', KEYS[1], '" + CacheLayout.FLOOR + "') "
            + "if (not f) or tonumber(f) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[1], '" + CacheLayout.FLOOR
            + "', ARGV[1]) return 1 end return 0");
    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration deadline;
    private final long streamMaxLen;
    private final String origin = UUID.randomUUID().toString();
    private final EntryWriter writer;
    private volatile boolean closed;
    private Thread syncThread;

    public RedisCacheStore(ReactiveRedisDataSource redis, String prefix, Duration deadline, long streamMaxLen) {
        this.redis = redis;
        this.prefix = prefix;
        this.deadline = deadline;
        this.streamMaxLen = streamMaxLen;
        this.writer = new EntryWriter(prefix);
    }

    private String tenantKey(String tenant, String suffix) {
        return CacheLayout.tenantKey(prefix, tenant, suffix);
    }

    private String streamKey() {
        return prefix + ":events";
    }

    private <T> T await(Uni<T> uni, Duration d) {
        return uni.await().atMost(d);
    }

    @Override
    public Optional<CacheEntry> findByKey(String tenant, String exactKey) {
        String id = await(redis.value(String.class).get(CacheLayout.exactPointer(prefix, tenant, exactKey)), deadline);
        return id == null ? Optional.empty() : get(tenant, id);
    }

    @Override
    public Optional<CacheEntry> get(String tenant, String entryId) {
        CacheEntry e = EntryCodec.decode(await(redis.hash(String.class).hgetall(CacheLayout.entry(prefix, tenant, entryId)), deadline));
        // A hash is gone once expired; the check covers the millisecond between expiry and Redis's eviction.
        return e == null || e.expired(System.currentTimeMillis()) || !e.tenant().equals(tenant) ? Optional.empty() : Optional.of(e);
    }

    @Override
    public void put(CacheEntry e) {
        // each Redis call of the write is bounded by the deadline (RedisScript, EntryWriter)
        writer.put(redis::execute, deadline, EntryCodec.head(e), EntryCodec.encode(e)).await().indefinitely();
        if (e.vector() != null) {
            // replicas index only entries with a vector: an exact-only entry needs no event (they read it from Redis)
            publish("put", e);
        }
    }

    @Override
    public void remove(CacheEntry e) {
        delete(List.of(e), deadline);
    }

    @Override
    public List<CacheEntry> removeMatching(String tenant, String model, String tag) {
        List<CacheEntry> matching = new ArrayList<>();
        for (CacheEntry e : entriesOf(tenant)) {
            if (Matching.matches(e, model, tag)) {
                matching.add(e);
            }
        }
        delete(matching, BACKGROUND_DEADLINE);
        return matching;
    }

    private void delete(List<CacheEntry> entries, Duration d) {
        for (CacheEntry e : entries) {
            await(Uni.combine().all().unis(
                    redis.key().del(CacheLayout.entry(prefix, e.tenant(), e.entryId())),
                    // only drop the exact pointer if it still points at this entry (a newer entry may own the key)
                    redis.value(String.class).get(CacheLayout.exactPointer(prefix, e.tenant(), e.exactKey()))
                            .chain(id -> e.entryId().equals(id) ? redis.key().del(CacheLayout.exactPointer(prefix, e.tenant(), e.exactKey())) : Uni.createFrom().item(0)),
                    redis.sortedSet(String.class).zrem(tenantKey(e.tenant(), "ids"), e.entryId())).discardItems(), d);
            publish("del", e);
        }
    }

    private List<CacheEntry> entriesOf(String tenant) {
        String ids = tenantKey(tenant, "ids");
        await(redis.sortedSet(String.class).zremrangebyscore(ids, ScoreRange.from(0, System.currentTimeMillis())), BACKGROUND_DEADLINE);
        List<CacheEntry> out = new ArrayList<>();
        for (String id : await(redis.sortedSet(String.class).zrange(ids, 0, -1), BACKGROUND_DEADLINE)) {
            CacheEntry e = EntryCodec.decode(await(redis.hash(String.class).hgetall(CacheLayout.entry(prefix, tenant, id)), BACKGROUND_DEADLINE));
            if (e != null && !e.expired(System.currentTimeMillis())) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void rememberServed(String tenant, ServedHit hit, Duration ttl) {
        await(redis.value(String.class).set(tenantKey(tenant, "s:" + hit.requestId()),
                hit.entryId() + "\t" + hit.family() + "\t" + hit.similarity(), new SetArgs().px(ttl)), deadline);
    }

    @Override
    public Optional<ServedHit> takeServed(String tenant, String requestId) {
        String v = await(redis.value(String.class).getdel(tenantKey(tenant, "s:" + requestId)), deadline);
        if (v == null) {
            return Optional.empty();
        }
        String[] f = v.split("\t", 3);
        return Optional.of(new ServedHit(requestId, f[0], f[1], Float.parseFloat(f[2])));
    }

    @Override
    public void raiseFloor(String tenant, String entryId, float floor) {
        // atomic: two wrong hits judged at once must leave the higher floor, and a gone entry must not be recreated
        RAISE_FLOOR.run(redis::execute, deadline, "1", CacheLayout.entry(prefix, tenant, entryId), Float.toString(floor));
    }

    @Override
    public void addJudgement(String tenant, ErrorBudget.Judgement j, int window) {
        String key = tenantKey(tenant, "judgements");
        await(redis.list(String.class).lpush(key, j.similarity() + (j.correct() ? ":1" : ":0"))
                .chain(() -> redis.list(String.class).ltrim(key, 0, window - 1)), BACKGROUND_DEADLINE);
    }

    @Override
    public List<ErrorBudget.Judgement> judgements(String tenant) {
        List<ErrorBudget.Judgement> out = new ArrayList<>();
        for (String v : await(redis.list(String.class).lrange(tenantKey(tenant, "judgements"), 0, -1), BACKGROUND_DEADLINE)) {
            int colon = v.lastIndexOf(':');
            out.add(new ErrorBudget.Judgement(Double.parseDouble(v.substring(0, colon)), v.endsWith(":1")));
        }
        return out;
    }

    @Override
    public void forEachEntry(Consumer<CacheEntry> action) {
        for (String tenant : await(redis.set(String.class).smembers(CacheLayout.tenants(prefix)), BACKGROUND_DEADLINE)) {
            String ids = tenantKey(tenant, "ids");
            await(redis.sortedSet(String.class).zremrangebyscore(ids, ScoreRange.from(0, System.currentTimeMillis())), BACKGROUND_DEADLINE);
            List<String> all = await(redis.sortedSet(String.class).zrange(ids, 0, -1), BACKGROUND_DEADLINE);
            for (int from = 0; from < all.size(); from += LOAD_BATCH) {
                // a few reads in flight at once (within the client's connection pool), and only one batch in memory
                List<Uni<Map<String, String>>> reads = new ArrayList<>();
                for (String id : all.subList(from, Math.min(all.size(), from + LOAD_BATCH))) {
                    reads.add(redis.hash(String.class).hgetall(CacheLayout.entry(prefix, tenant, id)));
                }
                List<CacheEntry> batch = new ArrayList<>(reads.size());
                long now = System.currentTimeMillis();
                for (Map<String, String> fields : await(Uni.join().all(reads).usingConcurrencyOf(LOAD_CONCURRENCY).andFailFast(),
                        BACKGROUND_DEADLINE)) {
                    CacheEntry e = EntryCodec.decode(fields);
                    if (e != null && !e.expired(now)) {
                        batch.add(e);
                    }
                }
                batch.forEach(action);
            }
        }
    }

    private void publish(String op, CacheEntry e) {
        Map<String, String> event = Map.of("op", op, "tenant", e.tenant(), "family", e.family(), "id", e.entryId(), "origin", origin);
        // Fire and forget: a lost event leaves a replica's index one entry short (a miss) or one stale (fetched,
        // found gone, dropped); neither serves a wrong answer.
        redis.stream(String.class).xadd(streamKey(), new XAddArgs().maxlen(streamMaxLen).nearlyExactTrimming(), event)
                .subscribe().with(id -> { }, err -> LOG.debugf("replica-sync publish failed: %s", err.getMessage()));
    }

    @Override
    public synchronized void listen(ChangeListener listener) {
        if (syncThread != null) {
            throw new IllegalStateException("one listener per store");
        }
        // Read from the stream's current end: the caller rebuilds from Redis after this returns.
        List<StreamMessage<String, String, String>> last = await(
                redis.stream(String.class).xrevrange(streamKey(), StreamRange.of("+", "-"), 1), BACKGROUND_DEADLINE);
        String from = last.isEmpty() ? "0-0" : last.get(0).id();
        syncThread = Thread.ofPlatform().daemon().name("tollgate-cache-sync").start(() -> syncLoop(listener, from));
    }

    private void syncLoop(ChangeListener listener, String from) {
        String lastId = from;
        while (!closed) {
            try {
                List<StreamMessage<String, String, String>> batch = await(redis.stream(String.class)
                        .xread(streamKey(), lastId, new XReadArgs().block(SYNC_BLOCK).count(256)), BACKGROUND_DEADLINE);
                for (StreamMessage<String, String, String> m : batch) {
                    lastId = m.id();
                    apply(listener, m.payload());
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.debugf("replica-sync read failed, retrying: %s", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void apply(ChangeListener listener, Map<String, String> event) {
        if (origin.equals(event.get("origin"))) {
            return; // this store's engine already applied its own write
        }
        String tenant = event.get("tenant");
        if ("del".equals(event.get("op"))) {
            listener.removed(tenant, event.get("family"), event.get("id"));
        } else {
            get(tenant, event.get("id")).ifPresent(listener::upserted);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (syncThread != null) {
            syncThread.interrupt();
        }
    }
}
