package io.tollgate.common.cache;

import java.util.Locale;

import io.tollgate.common.ledger.CostEventStart;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;

/**
 * The {@code retrieve} cost event of one cache lookup, whichever service answered it (the cache service, or the
 * gateway's exact tier): one lookup, priced as the cache's own model; a hit carries the tokens it saved at the
 * baseline model, which is what the ledger's savings are computed from.
 */
public final class RetrieveEvents {
    public static final String PROVIDER = "tollgate";
    public static final String MODEL = "tollgate-cache";

    private RetrieveEvents() {
    }

    /** A lookup's event without its hit; {@code tier} is {@code exact}, {@code semantic} or {@code none}. */
    public static CostEvent.Builder lookup(String requestId, String tenant, String team, String apiKeyId, String service,
            Outcome outcome, String tier) {
        return CostEventStart.of(requestId, tenant, team, apiKeyId, service, Stage.STAGE_RETRIEVE)
                .setProvider(PROVIDER)
                .setModel(MODEL)
                .setLookups(1)
                .setOutcome(outcome)
                .putAttributes("tier", tier.toLowerCase(Locale.ROOT));
    }

    /** Adds what a hit saved: the answer's tokens at the caller's baseline model. */
    public static CostEvent.Builder hit(CostEvent.Builder b, String baselineModel, long inputTokens, long outputTokens,
            float similarity) {
        return b.setBaselineModel(baselineModel == null ? "" : baselineModel)
                .setBaselineInputTokens(inputTokens)
                .setBaselineOutputTokens(outputTokens)
                .putAttributes("similarity", Float.toString(similarity));
    }
}
