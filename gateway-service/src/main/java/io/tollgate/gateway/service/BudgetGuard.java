package io.tollgate.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The budget stage. A placeholder until the cost ledger exposes budgets: it admits everything. When it lands it
 * throws {@code TollgateException(BUDGET_EXCEEDED)} (429, insufficient_quota) from a locally cached budget view,
 * never a synchronous ledger call on the request path.
 */
@ApplicationScoped
public class BudgetGuard {

    public void check(Caller caller, ChatRequest request) {
        // admit: no budgets yet
    }
}
