package io.tollgate.router.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.CompleteResponse;
import io.tollgate.contracts.router.v1.RouterServiceGrpc;
import io.tollgate.router.ReplayProvider;

/**
 * The tenants' low-budget policies (application.properties' %test settings): "thrifty" steps "auto" down to target 0.1
 * under 20 % of its budget left, "frugal" refuses model calls there. The share left comes from the gateway in the
 * request context.
 */
@QuarkusTest
@QuarkusTestResource(value = ReplayProvider.class, restrictToAnnotatedClass = false)
class LowBudgetTest {
    private static final String PROMPT = "Say hello to my friend.";

    @GrpcClient("router")
    RouterServiceGrpc.RouterServiceBlockingStub router;

    private static CompleteRequest request(String model, String tenant, Double budgetLeft) {
        CompleteRequest.Builder b = Requests.complete(model, PROMPT, tenant).setQualityTarget(0.9f);
        if (budgetLeft != null) {
            b.setContext(b.getContext().toBuilder().setBudgetRemaining(budgetLeft));
        }
        return b.build();
    }

    @Test
    void underTheFloorAutoStepsDownAndSaysWhy() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        CompleteResponse low = router.complete(request("auto", "thrifty", 0.1));
        assertEquals("mistralai/mistral-7b-chat", low.getRoute().getModel());
        assertTrue(low.getRoute().getReason().startsWith("budget 10.0 % left (< 20 %): stepped down from target 0.90; "),
                low.getRoute().getReason());
        assertTrue(low.getRoute().getReason().contains("target 0.10"), low.getRoute().getReason());
    }

    @Test
    void withRoomLeftOrNoBudgetOrANamedModelNothingChanges() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        assertEquals("gpt-4-1106-preview", router.complete(request("auto", "thrifty", 0.5)).getRoute().getModel());
        assertEquals("gpt-4-1106-preview", router.complete(request("auto", "thrifty", null)).getRoute().getModel());
        // other tenants have no policy; a named model is the caller's explicit choice
        assertEquals("gpt-4-1106-preview", router.complete(request("auto", "acme", 0.01)).getRoute().getModel());
        assertEquals("gpt-4-1106-preview", router.complete(request("gpt-4-1106-preview", "thrifty", 0.1)).getRoute().getModel());
    }

    @Test
    void aRefusingTenantGetsInsufficientQuotaForEveryModelCall() {
        assumeTrue(ReplayProvider.available(), "replay provider jar not built");
        for (String model : new String[] { "auto", "gpt-3.5-turbo-1106" }) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> router.complete(request(model, "frugal", 0.05)));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertEquals("BUDGET_EXCEEDED", e.getTrailers().get(TollgateException.CODE_KEY));
            assertTrue(e.getStatus().getDescription().contains("budget 5.0 % left (< 20 %)"), e.getStatus().getDescription());
        }
        assertEquals("gpt-4-1106-preview", router.complete(request("auto", "frugal", 0.3)).getRoute().getModel());
    }
}
