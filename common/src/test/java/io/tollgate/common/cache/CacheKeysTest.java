package io.tollgate.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class CacheKeysTest {
    static Params params(Double temperature, Long seed) {
        return new Params("gpt-4o", temperature, null, null, seed, List.of(), false, null, null, "");
    }

    static Prompt prompt(Params p, Message... messages) {
        return new Prompt(List.of(messages), p);
    }

    @Test
    void keysAreStableAndIgnoreSurroundingWhitespace() {
        Params p = params(0.0, null);
        assertEquals(CacheKeys.exactKey("t", "", prompt(p, new Message("user", "", "Hi  there"))),
                CacheKeys.exactKey("t", "", prompt(p, new Message("user", "", " Hi there "))));
    }

    @Test
    void fieldBoundariesCannotCollide() {
        Params p = params(0.0, null);
        // "ab"+"c" vs "a"+"bc": length prefixes keep them apart
        assertNotEquals(CacheKeys.exactKey("t", "", prompt(p, new Message("user", "", "ab"), new Message("user", "", "c"))),
                CacheKeys.exactKey("t", "", prompt(p, new Message("user", "", "a"), new Message("user", "", "bc"))));
        assertNotEquals(CacheKeys.exactKey("ab", "", prompt(p, new Message("user", "", "c"))),
                CacheKeys.exactKey("a", "", prompt(p, new Message("user", "", "bc"))));
    }

    @Test
    void everyAnswerChangingFieldChangesTheKey() {
        Message m = new Message("user", "", "hello");
        String base = CacheKeys.exactKey("t", "", prompt(params(0.0, null), m));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(params(0.0, 7L), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(params(null, null), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "2", prompt(params(0.0, null), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(new Params("gpt-4o", 0.0, null, 10, null, List.of(), false, null, null, ""), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(new Params("gpt-4o", 0.0, null, null, null, List.of("\n"), false, null, null, ""), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(new Params("gpt-4o", 0.0, null, null, null, List.of(), false, null, null, "json_object"), m)));
        assertNotEquals(base, CacheKeys.exactKey("t", "", prompt(params(0.0, null), new Message("system", "", "hello"))));
    }

    @Test
    void familyDropsSnapshotSuffix() {
        assertEquals("gpt-4o", CacheKeys.family("gpt-4o-2024-08-06"));
        assertEquals("claude-3-5-sonnet", CacheKeys.family("claude-3-5-sonnet-20241022"));
        assertEquals("gpt-4o-mini", CacheKeys.family("gpt-4o-mini"));
    }
}
