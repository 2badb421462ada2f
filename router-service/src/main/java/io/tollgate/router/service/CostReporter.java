package io.tollgate.router.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.LedgerAppender;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.router.config.CatalogueEntry;

/**
 * Appends the one {@code generate} cost event of an answered request (never for failed attempts, which providers do
 * not bill) and counts it in {@code tollgate_router_generate_events_total{model,outcome}}. Never blocks.
 */
@ApplicationScoped
public class CostReporter {
    private final LedgerAppender ledger;
    private final MeterRegistry metrics;

    public CostReporter(LedgerAppender ledger, MeterRegistry metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    public void generated(Caller caller, CatalogueEntry model, long inputTokens, long outputTokens, Outcome outcome,
            Map<String, String> attributes) {
        Instant now = Instant.now();
        ledger.record(CostEvent.newBuilder()
                .setEventId(Ids.newId())
                .setRequestId(caller.requestId())
                .setTimeUnixMicros(ChronoUnit.MICROS.between(Instant.EPOCH, now))
                .setTenant(caller.tenant())
                .setTeam(caller.team())
                .setApiKeyId(caller.apiKeyId())
                .setService("router")
                .setProvider(model.provider().name())
                .setModel(model.priceModel())
                .setStage(Stage.STAGE_GENERATE)
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setOutcome(outcome)
                .setBaselineModel(caller.baselineModel())
                .setBaselineInputTokens(inputTokens)
                .setBaselineOutputTokens(outputTokens)
                .putAllAttributes(attributes)
                .build());
        metrics.counter("tollgate_router_generate_events_total", "model", model.id(), "outcome", outcome.name())
                .increment();
    }
}
