package io.tollgate.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.tollgate.common.cache.CacheLayout;
import io.tollgate.gateway.service.Completion;
import io.tollgate.gateway.service.Usage;

/** What the gateway's exact tier accepts from an entry it read (the script's reply, field by field). */
class ExactTierEntryTest {
    private static final long NOW = 1_800_000_000_000L;

    private static String[] fields(String tenant, long expires, String created) {
        String[] f = { tenant, Long.toString(expires), "chatcmpl-1", "gpt-4o-mini", "Blue light scatters more.", "stop",
                "12", "7", "0", created, "openai" };
        assertEquals(CacheLayout.EXACT_HIT_FIELDS.size(), f.length);
        return f;
    }

    @Test
    void aLiveEntryOfTheTenantIsTheAnswer() {
        Completion c = ExactTier.entry(fields("acme", NOW + 1, "1700000000"), "acme", NOW);
        assertEquals(new Completion("chatcmpl-1", "gpt-4o-mini", "Blue light scatters more.", "stop", new Usage(12, 7, 0),
                1_700_000_000L, "openai"), c);
    }

    @Test
    void anotherTenantsEntryIsNeverServed() {
        assertNull(ExactTier.entry(fields("globex", NOW + 1, "1700000000"), "acme", NOW));
    }

    @Test
    void anEntryPastItsExpiryIsAMissEvenBeforeRedisEvictsIt() {
        assertNull(ExactTier.entry(fields("acme", NOW, "1700000000"), "acme", NOW));
    }

    @Test
    void aMalformedEntryIsAMissNotAnError() {
        String[] f = fields("acme", NOW + 1, "1700000000");
        f[6] = "twelve";
        assertNull(ExactTier.entry(f, "acme", NOW));
    }

    @Test
    void anAnswerWithoutCreationTimeIsStampedNow() {
        assertEquals(NOW / 1000, ExactTier.entry(fields("acme", NOW + 1, "0"), "acme", NOW).createdUnixSeconds());
    }
}
