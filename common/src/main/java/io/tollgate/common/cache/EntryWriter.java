package io.tollgate.common.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Uni;
import io.tollgate.common.redis.RedisScript;

/**
 * The one way an entry lands in the cache's Redis key space ({@link CacheLayout}): the cache service's store writes
 * every entry through it, and the gateway writes the entries of exact-only requests through it without a hop to the
 * cache service (docs/design/004-exact-tier-in-the-gateway.md). Sharing the field encoding and the script means the two
 * writers cannot produce entries the other side reads differently.
 *
 * <p>Thread-safe; one per process and key prefix.
 */
public final class EntryWriter {
    /** Joins an entry's tags in one field. */
    public static final String TAG_SEPARATOR = "\u001f";
    /**
     * One entry in one round trip, atomically (a reader never finds the pointer before the entry): KEYS the entry
     * hash, its exact pointer and the tenant's id index, all in the tenant's hash slot; ARGV the expiry (epoch ms),
     * the entry id, then the entry's fields and values.
     */
    static final RedisScript PUT = new RedisScript("redis.call('HSET', KEYS[1], unpack(ARGV, 3)) "
            + "redis.call('PEXPIREAT', KEYS[1], ARGV[1]) "
            + "redis.call('SET', KEYS[2], ARGV[2], 'PXAT', ARGV[1]) "
            + "redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2]) return 1");

    /** Who, under which key, for how long; {@code family}, {@code contextKey} and a vector matter to the semantic tier only. */
    public record Head(String entryId, String tenant, String exactKey, String model, String family, String modelVersion,
            String contextKey, String promptText, List<String> tags, long createdMillis, long expiresAtMillis) {
    }

    /** The stored answer, as an exact hit serves it. */
    public record Answer(String id, String model, String content, String finishReason, long inputTokens, long outputTokens,
            long cachedTokens, long createdUnixSeconds, String provider) {
    }

    private final String prefix;
    /** Tenants this process has added to {@code <prefix>:tenants} (nothing ever removes one). */
    private final Set<String> knownTenants = ConcurrentHashMap.newKeySet();

    public EntryWriter(String prefix) {
        this.prefix = prefix;
    }

    /** The entry's hash fields. {@code vector}: Base64 of the little-endian float32 embedding, or empty. */
    public static Map<String, String> fields(Head head, Answer answer, String vector, float floor) {
        Map<String, String> m = new LinkedHashMap<>(32);
        m.put(CacheLayout.ID, head.entryId());
        m.put(CacheLayout.TENANT, head.tenant());
        m.put(CacheLayout.KEY, head.exactKey());
        m.put(CacheLayout.MODEL, head.model());
        m.put(CacheLayout.FAMILY, head.family());
        m.put(CacheLayout.VERSION, head.modelVersion());
        m.put(CacheLayout.CONTEXT, head.contextKey());
        m.put(CacheLayout.PROMPT, head.promptText());
        m.put(CacheLayout.TAGS, String.join(TAG_SEPARATOR, head.tags()));
        m.put(CacheLayout.COMPLETION_ID, answer.id());
        m.put(CacheLayout.COMPLETION_MODEL, answer.model());
        m.put(CacheLayout.COMPLETION_CONTENT, answer.content());
        m.put(CacheLayout.COMPLETION_FINISH, answer.finishReason());
        m.put(CacheLayout.COMPLETION_INPUT_TOKENS, Long.toString(answer.inputTokens()));
        m.put(CacheLayout.COMPLETION_OUTPUT_TOKENS, Long.toString(answer.outputTokens()));
        m.put(CacheLayout.COMPLETION_CACHED_TOKENS, Long.toString(answer.cachedTokens()));
        m.put(CacheLayout.COMPLETION_CREATED, Long.toString(answer.createdUnixSeconds()));
        m.put(CacheLayout.COMPLETION_PROVIDER, answer.provider());
        m.put(CacheLayout.VECTOR, vector);
        m.put(CacheLayout.CREATED, Long.toString(head.createdMillis()));
        m.put(CacheLayout.EXPIRES, Long.toString(head.expiresAtMillis()));
        if (floor > 0) {
            m.put(CacheLayout.FLOOR, Float.toString(floor));
        }
        return m;
    }

    /**
     * Writes the entry (one script) and, the first time this process writes for the tenant, adds it to the tenant list
     * the cache service's start-up rebuild and model-version sweep walk. Each Redis call waits at most {@code timeout}.
     */
    public <R> Uni<Void> put(RedisScript.Execute<R> redis, Duration timeout, Head head, Map<String, String> fields) {
        List<String> args = new ArrayList<>(6 + 2 * fields.size());
        String expiresAt = Long.toString(head.expiresAtMillis());
        args.add("3");
        args.add(CacheLayout.entry(prefix, head.tenant(), head.entryId()));
        args.add(CacheLayout.exactPointer(prefix, head.tenant(), head.exactKey()));
        args.add(CacheLayout.tenantKey(prefix, head.tenant(), "ids"));
        args.add(expiresAt);
        args.add(head.entryId());
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Uni<Void> written = PUT.runAsync(redis, timeout, args.toArray(String[]::new)).replaceWithVoid();
        if (knownTenants.contains(head.tenant())) {
            return written;
        }
        // the tenant list (another hash slot) only grows: once per tenant and process is enough
        return written.chain(() -> redis.execute("SADD", CacheLayout.tenants(prefix), head.tenant())
                .ifNoItem().after(timeout).fail()
                .invoke(() -> knownTenants.add(head.tenant())).replaceWithVoid());
    }
}
