package io.tollgate.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;

/** The low-budget policy's decisions and its start-up checks. */
class BudgetPolicyTest {
    private static final String P = "tollgate.router.tenants.acme.low-budget.";

    private static BudgetPolicy policy(String... keyValues) {
        return new BudgetPolicy(TestConfig.router(keyValues), new SimpleMeterRegistry());
    }

    private static Caller caller(String tenant, double left) {
        return new Caller("req-1", tenant, "team", "key", "gpt-4o", left);
    }

    @Test
    void stepsDownOnlyUnderTheFloorOnlyForAutoAndOnlyDownward() {
        BudgetPolicy p = policy(P + "below", "0.2", P + "quality-target", "0.3");
        BudgetPolicy.StepDown s = p.apply(caller("acme", 0.15), true, 0.9).orElseThrow();
        assertEquals(0.3, s.target());
        assertEquals("budget 15.0 % left (< 20 %): stepped down from target 0.90; ", s.reason());
        assertTrue(p.apply(caller("acme", 0.25), true, 0.9).isEmpty(), "room left");
        assertTrue(p.apply(caller("acme", 0.15), false, 0.9).isEmpty(), "a named model is the caller's choice");
        assertTrue(p.apply(caller("acme", 0.15), true, 0.2).isEmpty(), "already at or under the stepped-down target");
        assertTrue(p.apply(caller("acme", Double.NaN), true, 0.9).isEmpty(), "no budget set");
        assertTrue(p.apply(caller("other", 0.01), true, 0.9).isEmpty(), "no policy for the tenant");
    }

    @Test
    void refusingTenantsGetInsufficientQuota() {
        BudgetPolicy p = policy(P + "below", "0.1", P + "action", "refuse");
        TollgateException e = assertThrows(TollgateException.class, () -> p.apply(caller("acme", 0.05), false, 0.5));
        assertEquals(ErrorKind.BUDGET_EXCEEDED, e.kind());
        assertTrue(p.apply(caller("acme", 0.5), true, 0.5).isEmpty());
    }

    @Test
    void badSettingsFailStartNamingTheKey() {
        for (String[] bad : new String[][] { { "action", "panic", "action must be step-down or refuse, was 'panic'" },
                { "below", "1.5", "below must be within 0..1, was 1.5" },
                { "quality-target", "-0.1", "quality-target must be within 0..1, was -0.1" } }) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> policy(P + bad[0], bad[1]));
            assertTrue(e.getMessage().equals(P + bad[2]), e.getMessage());
        }
    }
}
