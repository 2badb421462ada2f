package io.tollgate.common.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void aV7IdCarriesTheMillisecondItWasMadeIn() {
        long before = System.currentTimeMillis();
        String id = Ids.newId();
        long after = System.currentTimeMillis();
        Instant t = Ids.timeOfV7(id).orElseThrow();
        assertTrue(t.toEpochMilli() >= before && t.toEpochMilli() <= after, t + " within [" + before + ", " + after + "]");
    }

    @Test
    void otherIdsCarryNoTime() {
        assertTrue(Ids.timeOfV7(UUID.randomUUID().toString()).isEmpty(), "v4");
        assertTrue(Ids.timeOfV7("req-42").isEmpty(), "not a UUID");
        assertEquals(Instant.parse("2022-02-22T19:22:22Z"),
                Ids.timeOfV7("017f22e2-79b0-7cc3-98c4-dc0c0c07398f").orElseThrow(), "RFC 9562 appendix A.6 example");
    }
}
