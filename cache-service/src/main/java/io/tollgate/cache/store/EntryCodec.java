package io.tollgate.cache.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tollgate.cache.service.CacheEntry;
import io.tollgate.cache.service.Completion;
import io.tollgate.common.cache.CacheLayout;

/** Entry <-> Redis hash fields. Vectors are little-endian float32, Base64; tags are joined by the unit separator. */
final class EntryCodec {
    private static final String TAG_SEPARATOR = "\u001f";
    /** The entry's own similarity floor: a field of its own, raised in place by feedback (HSET). */
    static final String FLOOR = "floor";

    private EntryCodec() {
    }

    static Map<String, String> encode(CacheEntry e) {
        Map<String, String> m = new HashMap<>();
        m.put("id", e.entryId());
        m.put(CacheLayout.TENANT, e.tenant());
        m.put("key", e.exactKey());
        m.put("model", e.model());
        m.put("family", e.family());
        m.put("version", e.modelVersion());
        m.put("context", e.contextKey());
        m.put("prompt", e.promptText());
        m.put("tags", String.join(TAG_SEPARATOR, e.tags()));
        Completion c = e.completion();
        m.put(CacheLayout.COMPLETION_ID, c.id());
        m.put(CacheLayout.COMPLETION_MODEL, c.model());
        m.put(CacheLayout.COMPLETION_CONTENT, c.content());
        m.put(CacheLayout.COMPLETION_FINISH, c.finishReason());
        m.put(CacheLayout.COMPLETION_INPUT_TOKENS, Long.toString(c.inputTokens()));
        m.put(CacheLayout.COMPLETION_OUTPUT_TOKENS, Long.toString(c.outputTokens()));
        m.put(CacheLayout.COMPLETION_CACHED_TOKENS, Long.toString(c.cachedTokens()));
        m.put(CacheLayout.COMPLETION_CREATED, Long.toString(c.createdUnixSeconds()));
        m.put(CacheLayout.COMPLETION_PROVIDER, c.provider());
        m.put("vec", e.vector() == null ? "" : vector(e.vector()));
        m.put("created", Long.toString(e.createdMillis()));
        m.put(CacheLayout.EXPIRES, Long.toString(e.expiresAtMillis()));
        if (e.floor() > 0) {
            m.put(FLOOR, Float.toString(e.floor()));
        }
        return m;
    }

    /** Null for an empty (expired or deleted) hash. */
    static CacheEntry decode(Map<String, String> m) {
        if (m == null || m.isEmpty() || !m.containsKey("id")) {
            return null;
        }
        String tags = m.getOrDefault("tags", "");
        Completion c = new Completion(m.get(CacheLayout.COMPLETION_ID), m.get(CacheLayout.COMPLETION_MODEL),
                m.get(CacheLayout.COMPLETION_CONTENT), m.get(CacheLayout.COMPLETION_FINISH),
                Long.parseLong(m.get(CacheLayout.COMPLETION_INPUT_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_OUTPUT_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_CACHED_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_CREATED)), m.get(CacheLayout.COMPLETION_PROVIDER));
        String vec = m.getOrDefault("vec", "");
        return new CacheEntry(m.get("id"), m.get(CacheLayout.TENANT), m.get("key"), m.get("model"), m.get("family"),
                m.get("version"), m.get("context"), m.get("prompt"),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(TAG_SEPARATOR)), c, vec.isEmpty() ? null : vector(vec),
                Long.parseLong(m.get("created")), Long.parseLong(m.get(CacheLayout.EXPIRES)),
                Float.parseFloat(m.getOrDefault(FLOOR, "0")));
    }

    static String vector(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] vector(String s) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(s)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / Float.BYTES];
        b.asFloatBuffer().get(v);
        return v;
    }
}
