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
import io.smallrye.mutiny.Uni;
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
    private final Counter admittedCount;
    private final Counter exceededCount;
    private final Counter failOpenCount;
    private final Counter failClosedCount;

    BudgetGuard(BudgetConfig config, RedisBudgets budgets, CostEstimator estimator, MeterRegistry registry) {
        this.config = config;
        this.budgets = budgets;
        this.estimator = estimator;
        this.failClosed = Set.copyOf(config.failClosedTenants().orElse(List.of()));
        this.admittedCount = decisions(registry, "admitted");
        this.exceededCount = decisions(registry, "exceeded");
        this.failOpenCount = decisions(registry, "fail_open");
        this.failClosedCount = decisions(registry, "fail_closed");
        this.reaper = Thread.ofVirtual().name("tollgate-budget-reaper").start(this::reap);
    }

    /** Holds the estimated cost of {@code request}; throws BUDGET_EXCEEDED when a budget cannot cover it. Blocks. */
    public Reservation reserve(Caller caller, ChatRequest request) {
        return reserveAsync(caller, request).await().indefinitely();
    }

    /**
     * The same without blocking, for the event loop: the reservation, or BUDGET_EXCEEDED (or OVERLOADED for a
     * fail-closed tenant whose budgets cannot be read) as the failure. Arrives on the Redis client's event loop.
     */
    public Uni<Reservation> reserveAsync(Caller caller, ChatRequest request) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Reservation.NONE);
        }
        long estimate = estimator.estimateNanos(caller.baselineModel(),
                CostEstimator.promptTokens(request.messages().stream().map(ChatMessage::content).toList()),
                request.params().maxTokens());
        // deferred: a failure to even send the script is a failure of the check too (fail-open or fail-closed)
        return Uni.createFrom().deferred(() -> budgets.reserveAsync(caller.tenant(), caller.team(), estimate, Instant.now()))
                .onFailure().recoverWithUni(e -> unchecked(caller, e))
                .map(decision -> decided(caller, estimate, decision));
    }

    /** Redis could not decide: admit unchecked (fail-open), or fail with OVERLOADED for a fail-closed tenant. */
    private Uni<RedisBudgets.Decision> unchecked(Caller caller, Throwable e) {
        if (failClosed.contains(caller.tenant())) {
            failClosedCount.increment();
            return Uni.createFrom().failure(new TollgateException(ErrorKind.OVERLOADED,
                    "budget check unavailable and this tenant's policy is fail-closed; retry shortly", null, e));
        }
        failOpenCount.increment();
        LOG.warnf("budget store unreachable (%s); admitting tenant %s unchecked (fail-open)", e.toString(), caller.tenant());
        return Uni.createFrom().item(new RedisBudgets.Admitted(Reservation.NONE));
    }

    private Reservation decided(Caller caller, long estimate, RedisBudgets.Decision decision) {
        if (decision instanceof RedisBudgets.Refused refused) {
            exceededCount.increment();
            RedisBudgets.Refusal r = refused.refusal();
            throw new TollgateException(ErrorKind.BUDGET_EXCEEDED, String.format(
                    "%s budget of %s%s exhausted: this request may cost up to %s USD and %s USD of %s USD is used or held",
                    r.period().wire(), caller.tenant(), r.team().isEmpty() ? "" : "/" + r.team(), usd(estimate),
                    usd(r.usedNanos()), usd(r.limitNanos())), null);
        }
        Reservation held = ((RedisBudgets.Admitted) decision).reservation();
        if (held == Reservation.NONE) {
            return held; // admitted unchecked: counted as fail_open, nothing to settle
        }
        admittedCount.increment();
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

    /** Gives the reservation back (the request failed before it cost anything). Never throws. Blocks. */
    public void release(Reservation held) {
        releaseAsync(held).await().indefinitely();
    }

    /** The same without blocking: completes (never fails) once Redis has the reservation back or the attempt failed. */
    public Uni<Void> releaseAsync(Reservation held) {
        if (!held.claim()) {
            return Uni.createFrom().voidItem();
        }
        open.remove(held);
        return budgets.settleAsync(held, 0).onFailure().recoverWithItem(e -> {
            settleFailed(held, e);
            return null;
        });
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

    private static Counter decisions(MeterRegistry registry, String result) {
        return Counter.builder("tollgate.gateway.budget.decisions").tag("result", result)
                .description("Budget checks by result").register(registry);
    }

    private static String usd(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).toPlainString();
    }
}
