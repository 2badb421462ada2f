package io.tollgate.router.service;

/**
 * Who a request is for; copied from the wire RequestContext and onto every cost event. {@code budgetRemaining}: the
 * smallest remaining share (0..1) of the caller's budgets after this request's reservation, or NaN when the gateway
 * sent none (no budget set).
 */
public record Caller(String requestId, String tenant, String team, String apiKeyId, String baselineModel,
        double budgetRemaining) {
    public Caller(String requestId, String tenant, String team, String apiKeyId, String baselineModel) {
        this(requestId, tenant, team, apiKeyId, baselineModel, Double.NaN);
    }
}
