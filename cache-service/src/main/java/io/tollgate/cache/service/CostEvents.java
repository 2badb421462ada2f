package io.tollgate.cache.service;

import io.tollgate.common.ledger.CostEventStart;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;

/** The {@code retrieve} cost event of one lookup; on a hit it carries the tokens the hit saved at the baseline model. */
final class CostEvents {
    static final String SERVICE = "cache";
    static final String PROVIDER = "tollgate";
    static final String MODEL = "tollgate-cache";

    private CostEvents() {
    }

    static CostEvent retrieve(CacheContext ctx, Outcome outcome, LookupResult result, String bypassReason) {
        CostEvent.Builder b = CostEventStart.of(ctx.requestId(), ctx.tenant(), ctx.team(), ctx.apiKeyId(), SERVICE,
                        Stage.STAGE_RETRIEVE)
                .setProvider(PROVIDER)
                .setModel(MODEL)
                .setLookups(1)
                .setOutcome(outcome)
                .putAttributes("tier", result.tier().name().toLowerCase(java.util.Locale.ROOT));
        if (result.hit()) {
            b.setBaselineModel(nz(ctx.baselineModel()))
                    .setBaselineInputTokens(result.completion().inputTokens())
                    .setBaselineOutputTokens(result.completion().outputTokens())
                    .putAttributes("similarity", Float.toString(result.similarity()));
        }
        if (!result.refusedReason().isEmpty()) {
            b.putAttributes("refused_reason", result.refusedReason());
        }
        if (bypassReason != null) {
            b.putAttributes("bypass_reason", bypassReason);
        }
        return b.build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
