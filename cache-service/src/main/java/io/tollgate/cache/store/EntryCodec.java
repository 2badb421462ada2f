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
        m.put("tenant", e.tenant());
        m.put("key", e.exactKey());
        m.put("model", e.model());
        m.put("family", e.family());
        m.put("version", e.modelVersion());
        m.put("context", e.contextKey());
        m.put("prompt", e.promptText());
        m.put("tags", String.join(TAG_SEPARATOR, e.tags()));
        Completion c = e.completion();
        m.put("c.id", c.id());
        m.put("c.model", c.model());
        m.put("c.content", c.content());
        m.put("c.finish", c.finishReason());
        m.put("c.in", Long.toString(c.inputTokens()));
        m.put("c.out", Long.toString(c.outputTokens()));
        m.put("c.cached", Long.toString(c.cachedTokens()));
        m.put("c.created", Long.toString(c.createdUnixSeconds()));
        m.put("c.provider", c.provider());
        m.put("vec", e.vector() == null ? "" : vector(e.vector()));
        m.put("created", Long.toString(e.createdMillis()));
        m.put("expires", Long.toString(e.expiresAtMillis()));
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
        Completion c = new Completion(m.get("c.id"), m.get("c.model"), m.get("c.content"), m.get("c.finish"),
                Long.parseLong(m.get("c.in")), Long.parseLong(m.get("c.out")), Long.parseLong(m.get("c.cached")),
                Long.parseLong(m.get("c.created")), m.get("c.provider"));
        String vec = m.getOrDefault("vec", "");
        return new CacheEntry(m.get("id"), m.get("tenant"), m.get("key"), m.get("model"), m.get("family"), m.get("version"),
                m.get("context"), m.get("prompt"), tags.isEmpty() ? List.of() : Arrays.asList(tags.split(TAG_SEPARATOR)),
                c, vec.isEmpty() ? null : vector(vec), Long.parseLong(m.get("created")), Long.parseLong(m.get("expires")),
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
