package io.tollgate.router.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.common.ledger.CostEventStart;
import io.tollgate.common.ledger.LedgerAppender;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;
import io.tollgate.router.config.CatalogueEntry;

/**
 * Appends the one {@code generate} cost event of an answered request (never for failed attempts, which providers do
 * not bill) and counts it in {@code tollgate_router_generate_events_total{model,outcome}}; and a {@code verify} event
 * for each answer bought only to check another (a cascade's second opinion, a shadow call), with no baseline: it is
 * spend the no-optimisation baseline would not have had. Never blocks.
 */
@ApplicationScoped
public class CostReporter {
    private final LedgerAppender ledger;
    private final MeterRegistry metrics;
    private final Map<String, Counter> generatedEvents = new ConcurrentHashMap<>();

    public CostReporter(LedgerAppender ledger, MeterRegistry metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    public void generated(Caller caller, CatalogueEntry model, long inputTokens, long outputTokens, Outcome outcome,
            Map<String, String> attributes) {
        ledger.record(event(caller, model, Stage.STAGE_GENERATE, inputTokens, outputTokens, outcome, attributes)
                .setBaselineModel(caller.baselineModel())
                .setBaselineInputTokens(inputTokens)
                .setBaselineOutputTokens(outputTokens)
                .build());
        // looked up once per (model, outcome): the registry's lookup sorts and hashes the tags on every call
        generatedEvents.computeIfAbsent(model.id() + '\u0000' + outcome.name(), k -> metrics.counter(
                "tollgate_router_generate_events_total", "model", model.id(), "outcome", outcome.name())).increment();
    }

    public void verified(Caller caller, CatalogueEntry model, long inputTokens, long outputTokens, Outcome outcome,
            Map<String, String> attributes) {
        ledger.record(event(caller, model, Stage.STAGE_VERIFY, inputTokens, outputTokens, outcome, attributes).build());
        metrics.counter("tollgate_router_verify_events_total", "model", model.id(), "role",
                attributes.getOrDefault("role", "")).increment();
    }

    private static CostEvent.Builder event(Caller caller, CatalogueEntry model, Stage stage, long inputTokens,
            long outputTokens, Outcome outcome, Map<String, String> attributes) {
        return CostEventStart.of(caller.requestId(), caller.tenant(), caller.team(), caller.apiKeyId(), "router", stage)
                .setProvider(model.provider().name())
                .setModel(model.priceModel())
                .setInputTokens(inputTokens)
                .setOutputTokens(outputTokens)
                .setOutcome(outcome)
                .putAllAttributes(attributes);
    }
}
