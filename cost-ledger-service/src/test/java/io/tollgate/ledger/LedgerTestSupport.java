package io.tollgate.ledger;

import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;

/** Builders of realistic cost events; every call gets fresh ids so test runs never collide in the shared database. */
final class LedgerTestSupport {
    static final String FINANCE = "Bearer fin-test-key";
    static final String ACME = "Bearer acme-key";
    static final String GLOBEX = "Bearer globex-key";

    private LedgerTestSupport() {
    }

    static CostEvent.Builder generate(String requestId, String tenant, String model, long in, long cached, long out) {
        return CostEvent.newBuilder().setEventId(Ids.newId()).setRequestId(requestId)
                .setTimeUnixMicros(System.currentTimeMillis() * 1000).setTenant(tenant).setTeam("search")
                .setApiKeyId("key-1").setService("router").setProvider("openai").setModel(model)
                .setStage(Stage.STAGE_GENERATE).setInputTokens(in).setCachedTokens(cached).setOutputTokens(out)
                .setOutcome(Outcome.OUTCOME_ROUTED).setBaselineModel("gpt-4-1106-preview");
    }

    static CostEvent.Builder embed(String requestId, String tenant, long computeMicros) {
        return CostEvent.newBuilder().setEventId(Ids.newId()).setRequestId(requestId)
                .setTimeUnixMicros(System.currentTimeMillis() * 1000).setTenant(tenant).setTeam("search")
                .setApiKeyId("key-1").setService("worker").setProvider("self-hosted").setModel("all-minilm-l6-v2")
                .setStage(Stage.STAGE_EMBED).setInputTokens(12).setComputeMicros(computeMicros)
                .setBaselineModel("gpt-4-1106-preview");
    }

    static CostEvent.Builder retrieve(String requestId, String tenant, Outcome outcome, long savedIn, long savedOut) {
        return CostEvent.newBuilder().setEventId(Ids.newId()).setRequestId(requestId)
                .setTimeUnixMicros(System.currentTimeMillis() * 1000).setTenant(tenant).setTeam("search")
                .setApiKeyId("key-1").setService("cache").setProvider("tollgate-cache").setModel("tollgate-cache")
                .setStage(Stage.STAGE_RETRIEVE).setLookups(1).setOutcome(outcome)
                .setBaselineModel("gpt-4-1106-preview").setBaselineInputTokens(savedIn)
                .setBaselineOutputTokens(savedOut);
    }
}
