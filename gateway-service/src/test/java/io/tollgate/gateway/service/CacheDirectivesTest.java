package io.tollgate.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CacheDirectivesTest {
    private static final Caller SEMANTIC = new Caller("t", "team", "k", "gpt-4o", CacheMode.SEMANTIC, 0.9f);

    private static ChatRequest request(boolean tools) {
        return new ChatRequest(List.of(new ChatMessage("user", "hi", "")),
                new ChatParams("auto", null, null, null, null, List.of(), tools, null, null, ""), false, false);
    }

    @Test
    void headersOverrideTheKeyDefaults() {
        CacheDirectives d = CacheDirectives.resolve(SEMANTIC, new PolicyHeaders(false, true, CacheMode.EXACT, 0.7f), request(false));
        assertTrue(d.lookup());
        assertFalse(d.store());
        assertFalse(d.semantic());
        assertEquals(0.7f, d.similarityThreshold());
    }

    @Test
    void keyDefaultsApplyWithoutHeaders() {
        CacheDirectives d = CacheDirectives.resolve(SEMANTIC, PolicyHeaders.NONE, request(false));
        assertTrue(d.lookup() && d.store() && d.semantic());
        assertEquals(0.9f, d.similarityThreshold());
    }

    @Test
    void toolsOrOffDisableLookupAndStore() {
        CacheDirectives tools = CacheDirectives.resolve(SEMANTIC, PolicyHeaders.NONE, request(true));
        CacheDirectives off = CacheDirectives.resolve(SEMANTIC, new PolicyHeaders(false, false, CacheMode.OFF, null), request(false));
        assertFalse(tools.lookup() || tools.store());
        assertFalse(off.lookup() || off.store());
    }
}
