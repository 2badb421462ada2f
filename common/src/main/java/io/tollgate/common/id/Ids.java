package io.tollgate.common.id;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered identifiers (UUIDv7, RFC 9562). Ids are created in the service layer; stores insert what they are given.
 *
 * <p>Within one millisecond, ids from this process stay strictly increasing: the 12-bit {@code rand_a} field holds a
 * counter seeded at the first id of each millisecond (RFC 9562 method 1), so sorting by id sorts by creation order.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Packed (unix millis << 12 | counter) of the last id handed out; CAS keeps it monotonic across threads. */
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {
    }

    public static UUID uuidV7() {
        long now = System.currentTimeMillis();
        long next;
        long prev;
        do {
            prev = LAST.get();
            long candidate = now << 12;
            // Same (or earlier, clock went back) millisecond: bump the counter. Overflow moves into the next ms.
            next = candidate > prev ? candidate | (RANDOM.nextInt(1 << 10)) : prev + 1;
        } while (!LAST.compareAndSet(prev, next));
        long millis = next >>> 12;
        long randA = next & 0xFFF;
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** A UUIDv7 as its canonical string. */
    public static String newId() {
        return uuidV7().toString();
    }

    /**
     * The creation time a UUIDv7 string carries (its first 48 bits, unix milliseconds); empty for anything else. Lets a
     * store derive a deterministic time for an event whose sender set none, so that a retry lands in the same place.
     */
    public static Optional<Instant> timeOfV7(String s) {
        if (!isUuid(s)) {
            return Optional.empty();
        }
        UUID u = UUID.fromString(s);
        if (u.version() != 7) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(u.getMostSignificantBits() >>> 16));
    }

    /** Whether {@code s} is a canonical UUID string (any version). */
    public static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
