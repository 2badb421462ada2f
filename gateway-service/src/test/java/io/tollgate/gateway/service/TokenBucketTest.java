package io.tollgate.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstIsGrantedThenRefusedWithTheWaitUntilTheNextToken() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, bucket.tryAcquire(0));
        }
        assertEquals(SECOND / 2, bucket.tryAcquire(0), "2/s: the next token is half a second away");
    }

    @Test
    void refillsAtTheRateAndNeverAboveTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 2, 0);
        bucket.tryAcquire(0);
        bucket.tryAcquire(0);
        assertTrue(bucket.tryAcquire(SECOND / 2) > 0);
        assertEquals(0, bucket.tryAcquire(SECOND));
        long later = 100 * SECOND;
        assertEquals(0, bucket.tryAcquire(later));
        assertEquals(0, bucket.tryAcquire(later));
        assertTrue(bucket.tryAcquire(later) > 0, "idle time refills up to the burst only");
    }

    @Test
    void nonsenseLimitsAreRefusedAtConstruction() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
    }
}
