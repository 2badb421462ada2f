package io.tollgate.cache.service;

import io.tollgate.common.cache.RetrieveEvents;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;

/** The {@code retrieve} cost event of one lookup; on a hit it carries the tokens the hit saved at the baseline model. */
final class CostEvents {
    static final String SERVICE = "cache";

    private CostEvents() {
    }

    static CostEvent retrieve(CacheContext ctx, Outcome outcome, LookupResult result, String bypassReason) {
        CostEvent.Builder b = RetrieveEvents.lookup(ctx.requestId(), ctx.tenant(), ctx.team(), ctx.apiKeyId(), SERVICE,
                outcome, result.tier().name());
        if (result.hit()) {
            RetrieveEvents.hit(b, ctx.baselineModel(), result.completion().inputTokens(),
                    result.completion().outputTokens(), result.similarity());
        }
        if (!result.refusedReason().isEmpty()) {
            b.putAttributes("refused_reason", result.refusedReason());
        }
        if (bypassReason != null) {
            b.putAttributes("bypass_reason", bypassReason);
        }
        return b.build();
    }
}
