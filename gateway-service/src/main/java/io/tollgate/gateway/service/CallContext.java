package io.tollgate.gateway.service;

/**
 * What every downstream call carries: the request id and the authenticated caller (RequestContext on the wire), and
 * once the budget is reserved, the smallest remaining share of the caller's budgets (NaN: none set or unknown).
 */
public record CallContext(String requestId, Caller caller, double budgetRemaining) {
    public CallContext(String requestId, Caller caller) {
        this(requestId, caller, Double.NaN);
    }

    public CallContext withBudgetRemaining(double remaining) {
        return new CallContext(requestId, caller, remaining);
    }
}
