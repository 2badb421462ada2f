package io.tollgate.common.cache;

import java.util.List;

/**
 * The cache's Redis key space and the entry fields an exact hit needs, shared by the cache service's store, the
 * gateway's exact tier, which reads them without a hop through the cache service, and {@link EntryWriter}. The
 * braces make the tenant a Redis Cluster hash tag: one tenant's keys share a slot, and a read of one tenant's keys can
 * never reach another's.
 */
public final class CacheLayout {
    public static final String ID = "id";
    public static final String TENANT = "tenant";
    public static final String KEY = "key";
    public static final String MODEL = "model";
    public static final String FAMILY = "family";
    public static final String VERSION = "version";
    public static final String CONTEXT = "context";
    public static final String PROMPT = "prompt";
    public static final String TAGS = "tags";
    public static final String VECTOR = "vec";
    public static final String CREATED = "created";
    public static final String EXPIRES = "expires";
    /** The entry's own similarity floor: a field of its own, raised in place by feedback (HSET). */
    public static final String FLOOR = "floor";
    public static final String COMPLETION_ID = "c.id";
    public static final String COMPLETION_MODEL = "c.model";
    public static final String COMPLETION_CONTENT = "c.content";
    public static final String COMPLETION_FINISH = "c.finish";
    public static final String COMPLETION_INPUT_TOKENS = "c.in";
    public static final String COMPLETION_OUTPUT_TOKENS = "c.out";
    public static final String COMPLETION_CACHED_TOKENS = "c.cached";
    public static final String COMPLETION_CREATED = "c.created";
    public static final String COMPLETION_PROVIDER = "c.provider";

    /** What an exact hit reads of an entry, in this order. */
    public static final List<String> EXACT_HIT_FIELDS = List.of(TENANT, EXPIRES, COMPLETION_ID, COMPLETION_MODEL,
            COMPLETION_CONTENT, COMPLETION_FINISH, COMPLETION_INPUT_TOKENS, COMPLETION_OUTPUT_TOKENS,
            COMPLETION_CACHED_TOKENS, COMPLETION_CREATED, COMPLETION_PROVIDER);

    private CacheLayout() {
    }

    /** {@code <prefix>:{tenant}:<suffix>}. */
    public static String tenantKey(String prefix, String tenant, String suffix) {
        return prefix + ":{" + tenant + "}:" + suffix;
    }

    /** The string holding the id of the entry with this exact key. */
    public static String exactPointer(String prefix, String tenant, String exactKey) {
        return tenantKey(prefix, tenant, "x:" + exactKey);
    }

    /** The set of every tenant that has entries (the cache service's start-up rebuild walks it). */
    public static String tenants(String prefix) {
        return prefix + ":tenants";
    }

    /** The hash of one entry. */
    public static String entry(String prefix, String tenant, String entryId) {
        return entryPrefix(prefix, tenant) + entryId;
    }

    /** The key of an entry is this followed by its id. */
    public static String entryPrefix(String prefix, String tenant) {
        return tenantKey(prefix, tenant, "e:");
    }
}
