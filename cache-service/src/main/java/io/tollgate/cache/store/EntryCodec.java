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
import io.tollgate.common.cache.EntryWriter;

/**
 * Entry <-> Redis hash fields ({@link EntryWriter#fields}, shared with the gateway's writer). Vectors are little-endian
 * float32, Base64; tags are joined by the unit separator.
 */
final class EntryCodec {
    private EntryCodec() {
    }

    static Map<String, String> encode(CacheEntry e) {
        Completion c = e.completion();
        return EntryWriter.fields(head(e), new EntryWriter.Answer(c.id(), c.model(), c.content(), c.finishReason(),
                c.inputTokens(), c.outputTokens(), c.cachedTokens(), c.createdUnixSeconds(), c.provider()),
                e.vector() == null ? "" : vector(e.vector()), e.floor());
    }

    static EntryWriter.Head head(CacheEntry e) {
        return new EntryWriter.Head(e.entryId(), e.tenant(), e.exactKey(), e.model(), e.family(), e.modelVersion(),
                e.contextKey(), e.promptText(), e.tags(), e.createdMillis(), e.expiresAtMillis());
    }

    /** Null for an empty (expired or deleted) hash. */
    static CacheEntry decode(Map<String, String> m) {
        if (m == null || m.isEmpty() || !m.containsKey(CacheLayout.ID)) {
            return null;
        }
        String tags = m.getOrDefault(CacheLayout.TAGS, "");
        Completion c = new Completion(m.get(CacheLayout.COMPLETION_ID), m.get(CacheLayout.COMPLETION_MODEL),
                m.get(CacheLayout.COMPLETION_CONTENT), m.get(CacheLayout.COMPLETION_FINISH),
                Long.parseLong(m.get(CacheLayout.COMPLETION_INPUT_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_OUTPUT_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_CACHED_TOKENS)),
                Long.parseLong(m.get(CacheLayout.COMPLETION_CREATED)), m.get(CacheLayout.COMPLETION_PROVIDER));
        String vec = m.getOrDefault(CacheLayout.VECTOR, "");
        return new CacheEntry(m.get(CacheLayout.ID), m.get(CacheLayout.TENANT), m.get(CacheLayout.KEY), m.get(CacheLayout.MODEL), m.get(CacheLayout.FAMILY),
                m.get(CacheLayout.VERSION), m.get(CacheLayout.CONTEXT), m.get(CacheLayout.PROMPT),
                tags.isEmpty() ? List.of() : Arrays.asList(tags.split(EntryWriter.TAG_SEPARATOR)), c, vec.isEmpty() ? null : vector(vec),
                Long.parseLong(m.get(CacheLayout.CREATED)), Long.parseLong(m.get(CacheLayout.EXPIRES)),
                Float.parseFloat(m.getOrDefault(CacheLayout.FLOOR, "0")));
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
