package io.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class HttpEdgeTest {

    @Test
    void overheadHeaderFormatsLikePercentPoint3f() {
        for (long nanos : new long[] {0, 499, 500, 1_000, 9_999, 10_000, 99_500, 412_345, 999_999, 1_000_000, 1_050_000,
                12_345_678, 3_600_000_000_000L}) {
            assertEquals(String.format(Locale.ROOT, "%.3f", Math.round(nanos / 1e3) / 1e3), HttpEdge.millis3(nanos), "nanos " + nanos);
        }
    }
}
