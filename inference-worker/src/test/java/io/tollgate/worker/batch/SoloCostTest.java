package io.tollgate.worker.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoloCostTest {

    @Test
    void unknownUntilObservedThenScaledByLength() {
        SoloCost c = new SoloCost();
        assertTrue(Double.isNaN(c.estimate(10)));
        c.observe(10, 2_000_000);
        assertEquals(2_000_000, c.estimate(10), 1);
        assertEquals(4_000_000, c.estimate(20), 1, "one length seen: cost scales with length");
    }

    @Test
    void fitsTheLaunchCostAndThePerTokenCost() {
        SoloCost c = new SoloCost();
        // 1 ms per run + 20 us per token
        for (int tokens : new int[] { 8, 32, 128, 8, 32, 128 }) {
            c.observe(tokens, 1_000_000 + 20_000L * tokens);
        }
        assertEquals(1_000_000 + 20_000 * 64, c.estimate(64), 1_000);
        assertEquals(1_000_000 + 20_000 * 300, c.estimate(300), 1_000, "extrapolates along the line");
    }

    @Test
    void followsTheMachineAndNeverGoesNegative() {
        SoloCost c = new SoloCost();
        for (int i = 0; i < 50; i++) {
            c.observe(10, 1_000_000);
            c.observe(20, 1_500_000);
        }
        for (int i = 0; i < 2_000; i++) {
            c.observe(10, 3_000_000);
            c.observe(20, 4_500_000);
        }
        assertEquals(3_000_000, c.estimate(10), 30_000, "old observations fade");
        SoloCost falling = new SoloCost();
        falling.observe(10, 5_000_000);
        falling.observe(100, 1_000_000); // a noisy pair whose line crosses zero
        assertTrue(falling.estimate(1_000) >= 0);
    }
}
