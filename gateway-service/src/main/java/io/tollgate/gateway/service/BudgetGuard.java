package io.tollgate.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.budget.BudgetConfig;
import io.tollgate.gateway.budget.CostEstimator;
import io.tollgate.gateway.budget.RedisBudgets;
import io.tollgate.gateway.budget.Reservation;

/**
 * The budget stage: before the router, {@link #reserve} holds the request's estimated cost on every budget of its
 * tenant and team (one atomic Redis script shared by all replicas) or refuses with 429 {@code insufficient_quota};
 * after it, {@link #settle} swaps the reservation for the real cost. Redis unreachable: admit unchecked (fail-open),
 * or 503 for tenants listed in {@code tollgate.gateway.budget.fail-closed-tenants}. See docs/design/002-budgets.md.
 */
@ApplicationScoped
public class BudgetGuard {
    private static final Logger LOG = Logger.getLogger(BudgetGuard.class);

    private final BudgetConfig config;
    private final RedisBudgets budgets;
    private final CostEstimator estimator;
    private final Set<String> failClosed;
    /** Reservations not yet settled; the reaper releases those a lost stream never settles. */
    private final Set<Reservation> open = ConcurrentHashMap.newKeySet();
    private final Thread reaper;
    private final MeterRegistry registry;

    BudgetGuard(BudgetConfig config, RedisBudgets budgets, CostEstimator estimator, MeterRegistry registry) {
        this.config = config;
        this.budgets = budgets;
        this.estimator = estimator;
        this.failClosed = Set.copyOf(config.failClosedTenants().orElse(List.of()));
        this.registry = registry;
        this.reaper = Thread.ofVirtual().name("tollgate-budget-reaper").start(this::reap);
    }

    /** Holds the estimated cost of {@code request}; throws BUDGET_EXCEEDED when a budget cannot cover it. */
    public Reservation reserve(Caller caller, ChatRequest request) {
        if (!config.enabled()) {
            return Reservation.NONE;
        }
        long estimate = estimator.estimateNanos(caller.baselineModel(),
                CostEstimator.promptTokens(request.messages().stream().map(ChatMessage::content).toList()),
                request.params().maxTokens());
        RedisBudgets.Decision decision;
        try {
            decision = budgets.reserve(caller.tenant(), caller.team(), estimate, Instant.now());
        } catch (RuntimeException e) {
            if (failClosed.contains(caller.tenant())) {
                count("fail_closed");
                throw new TollgateException(ErrorKind.OVERLOADED,
                        "budget check unavailable and this tenant's policy is fail-closed; retry shortly", null, e);
            }
            count("fail_open");
            LOG.warnf("budget store unreachable (%s); admitting tenant %s unchecked (fail-open)", e.toString(),
                    caller.tenant());
            return Reservation.NONE;
        }
        if (decision instanceof RedisBudgets.Refused refused) {
            count("exceeded");
            RedisBudgets.Refusal r = refused.refusal();
            throw new TollgateException(ErrorKind.BUDGET_EXCEEDED, String.format(
                    "%s budget of %s%s exhausted: this request may cost up to %s USD and %s USD of %s USD is used or held",
                    r.period().wire(), caller.tenant(), r.team().isEmpty() ? "" : "/" + r.team(), usd(estimate),
                    usd(r.usedNanos()), usd(r.limitNanos())), null);
        }
        count("admitted");
        Reservation held = ((RedisBudgets.Admitted) decision).reservation();
        open.add(held);
        return held;
    }

    /**
     * Swaps the reservation for the cost of what the request really used. Never throws, never blocks: the swap is
     * off the reply's path (until it lands, the request's estimate stays held, which can only refuse early, never
     * admit past a limit).
     */
    public void settle(Reservation held, Caller caller, Completion completion) {
        Usage u = completion.usage() == null ? Usage.NONE : completion.usage();
        long cost = estimator.actualNanos(completion.model(), caller.baselineModel(), u.inputTokens(), u.cachedTokens(),
                u.outputTokens());
        if (!held.claim()) {
            return;
        }
        open.remove(held);
        budgets.settleAsync(held, cost).subscribe().with(done -> { }, e -> settleFailed(held, e));
    }

    /** Gives the reservation back (the request failed before it cost anything). Never throws. */
    public void release(Reservation held) {
        if (!held.claim()) {
            return;
        }
        open.remove(held);
        try {
            budgets.settle(held, 0);
        } catch (RuntimeException e) {
            settleFailed(held, e);
        }
    }

    private static void settleFailed(Reservation held, Throwable e) {
        // the reservation stays held in Redis until its period's keys expire; the spend is still in the ledger
        LOG.errorf("budget settle failed for tenant %s (%d nano-USD held): %s", held.tenant(), held.estimateNanos(),
                e.toString());
    }

    private void reap() {
        long timeout = config.reservationTimeout().toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.SECONDS.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Reservation r : open) {
                if (now - r.createdNanosForReaper() > timeout) {
                    LOG.warnf("releasing a budget reservation of tenant %s never settled", r.tenant());
                    release(r);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        reaper.interrupt();
    }

    private void count(String result) {
        Counter.builder("tollgate.gateway.budget.decisions").tag("result", result)
                .description("Budget checks by result").register(registry).increment();
    }

    private static String usd(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).toPlainString();
    }
}
