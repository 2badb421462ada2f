package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tollgate.replay.store.RecordedPrompts;

/**
 * The router's tenant policies through the whole path (gateway REST, router gRPC, the replay provider's recorded
 * answers, the ledger in PostgreSQL, budgets in Redis): the cascade, and stepping down as a budget runs low. The
 * tenants and keys are the end-to-end suite's own (SuiteOptions.endToEndTests).
 */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class RouterPoliciesIT {
    private static final String MIXTRAL = "mistralai/mixtral-8x7b-chat";
    private static final String YI = "zero-one-ai/Yi-34B-Chat";

    @Test
    void agreeingCheapModelsAnswerAndTheLedgerShowsTheCheckAsVerifySpend(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        String prompt = RecordedPrompts.first(SharedSuite.repoRoot().resolveSibling("shared").resolve("datasets"),
                MIXTRAL, YI, (a, b) -> a.length() == 1 && a.equals(b));
        GatewayClient.Reply r = client.chat(SuiteOptions.E2E_CASCADE_KEY, GatewayClient.chatBody("auto", prompt));
        assertEquals(200, r.status(), r.raw());
        assertTrue(r.route().startsWith(MIXTRAL + "; outcome=routed; reason=\"cascade: " + MIXTRAL + " and " + YI
                + " agree (choice:"), r.route());
        assertEquals(1, r.body().path("choices").path(0).path("message").path("content").asText().strip().length(), r.raw());

        JsonNode costs = RequestPathIT.awaitStages(client, r.requestId(), Set.of("generate", "verify"));
        BigDecimal verifyCost = BigDecimal.ZERO;
        BigDecimal verifyBaseline = BigDecimal.ZERO;
        for (JsonNode stage : costs.path("stages")) {
            if (stage.path("stage").asText().equals("verify")) {
                verifyCost = verifyCost.add(new BigDecimal(stage.path("cost_usd").asText()));
                verifyBaseline = verifyBaseline.add(new BigDecimal(stage.path("baseline_cost_usd").asText()));
            }
        }
        assertTrue(verifyCost.signum() > 0, "the second opinion is paid: " + costs);
        assertEquals(0, verifyBaseline.signum(), "and has no baseline: " + costs);
    }

    @Test
    void asTheBudgetRunsLowAutoStepsDownAndSaysWhy(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        ObjectNode body = GatewayClient.chatBody("auto", "Name three primary colours.");
        body.put("max_tokens", 50);

        GatewayClient.Reply before = client.chat(SuiteOptions.E2E_LOW_BUDGET_KEY, body);
        assertEquals(200, before.status(), before.raw());
        assertFalse(before.route().contains("budget"), "no budget set yet: " + before.route());

        // a month budget the next request's reservation (about 0.0006 USD at gpt-4o's prices) leaves under 90 % of
        GatewayClient.Reply budget = client.ledgerPost("/v1/budgets", Demo.FINANCE_KEY, "{\"tenant\":\""
                + SuiteOptions.E2E_LOW_BUDGET_TENANT + "\",\"period\":\"month\",\"limit_usd\":\"0.004\"}");
        assertEquals(201, budget.status(), budget.raw());
        GatewayClient.Reply low = client.chat(SuiteOptions.E2E_LOW_BUDGET_KEY, body);
        assertEquals(200, low.status(), low.raw());
        assertTrue(low.route().contains("reason=\"budget ") && low.route().contains(" left (< 90 %): stepped down from target 0.50; "),
                low.route());
    }
}
