package io.tollgate.router.service;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.router.config.RouterConfig;

/**
 * The tenants' low-budget policies ({@link RouterConfig.LowBudget}), checked at start (a bad action or share fails
 * start naming the setting). Per request: nothing while the budget has room, a lower quality target for "auto"
 * requests ({@code step-down}), or a refusal of the model call ({@code refuse}). Counted in
 * {@code tollgate_router_low_budget_total{tenant,action}}.
 */
@ApplicationScoped
@Startup
public class BudgetPolicy {
    static final String STEP_DOWN = "step-down";
    static final String REFUSE = "refuse";

    private final RouterConfig config;
    private final MeterRegistry metrics;

    public BudgetPolicy(RouterConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
        config.tenants().forEach((tenant, t) -> {
            RouterConfig.LowBudget p = t.lowBudget();
            String key = "tollgate.router.tenants." + tenant + ".low-budget.";
            if (!p.action().equals(STEP_DOWN) && !p.action().equals(REFUSE)) {
                throw new IllegalStateException(key + "action must be step-down or refuse, was '" + p.action() + "'");
            }
            if (!(p.below() >= 0 && p.below() <= 1)) {
                throw new IllegalStateException(key + "below must be within 0..1, was " + p.below());
            }
            if (!(p.qualityTarget() >= 0 && p.qualityTarget() <= 1)) {
                throw new IllegalStateException(key + "quality-target must be within 0..1, was " + p.qualityTarget());
            }
        });
    }

    /** A stepped-down target and why, when the policy steps down; throws BUDGET_EXCEEDED when it refuses. */
    public Optional<StepDown> apply(Caller caller, boolean auto, double target) {
        RouterConfig.Tenant t = config.tenants().get(caller.tenant());
        double left = caller.budgetRemaining();
        if (t == null || Double.isNaN(left) || left >= t.lowBudget().below()) {
            return Optional.empty();
        }
        RouterConfig.LowBudget p = t.lowBudget();
        String state = String.format(Locale.ROOT, "budget %.1f %% left (< %.0f %%)", 100 * left, 100 * p.below());
        if (p.action().equals(REFUSE)) {
            metrics.counter("tollgate_router_low_budget_total", "tenant", caller.tenant(), "action", REFUSE).increment();
            throw new TollgateException(ErrorKind.BUDGET_EXCEEDED, "Model calls are refused: " + state
                    + ", tenant " + caller.tenant() + "'s low-budget policy; cached answers are still served", null);
        }
        if (!auto || target <= p.qualityTarget()) {
            return Optional.empty();
        }
        metrics.counter("tollgate_router_low_budget_total", "tenant", caller.tenant(), "action", STEP_DOWN).increment();
        return Optional.of(new StepDown(p.qualityTarget(), String.format(Locale.ROOT, "%s: stepped down from target %.2f; ",
                state, target)));
    }

    /** The target to route at and the reason's prefix. */
    public record StepDown(double target, String reason) {
    }
}
