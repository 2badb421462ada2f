package io.tollgate.ledger.service;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.BudgetKeys.Period;
import io.tollgate.common.money.Money;
import io.tollgate.ledger.client.BudgetLimits;
import io.tollgate.ledger.client.WebhookClient;
import io.tollgate.ledger.store.BudgetStore;

/**
 * Budgets: their definitions (the ledger is the source of truth; limits are published to Redis for the gateway's
 * reserve script) and their alerts. Alerts are measured against the ledger's own spend (the hourly rollup), checked
 * every {@code tollgate.ledger.budgets.check-interval}; each (budget, period, threshold) fires once, guaranteed by the
 * alert table's primary key even with several ledger replicas, and is POSTed to the budget's webhook with retries.
 */
@ApplicationScoped
public class BudgetService {
    private static final Logger LOG = Logger.getLogger(BudgetService.class);
    private static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);

    private final BudgetStore store;
    private final BudgetLimits limits;
    private final WebhookClient webhooks;
    private final MeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    BudgetService(BudgetStore store, BudgetLimits limits, WebhookClient webhooks, MeterRegistry registry) {
        this.store = store;
        this.limits = limits;
        this.webhooks = webhooks;
        this.registry = registry;
    }

    /** What a caller asks for; null fields keep the current value on update. */
    public record BudgetSpec(String tenant, String team, String period, BigDecimal limitUsd, List<Integer> thresholdsPct,
            String webhookUrl) {
    }

    /** A budget in its current period: ledger spend, and the gateway's live view when Redis answers. */
    public record Status(Budget budget, LocalDate periodStart, LocalDate periodEnd, long spentNanos,
            Optional<long[]> gatewayUse, List<BudgetAlert> alerts) {
    }

    public Budget create(BudgetSpec spec) {
        if (spec.tenant() == null || spec.tenant().isBlank()) {
            throw TollgateException.invalid("tenant", "tenant is required");
        }
        Period period = period(spec.period());
        Instant now = Instant.now();
        Budget b = new Budget(Ids.newId(), spec.tenant().strip(), spec.team() == null ? "" : spec.team().strip(), period,
                limit(spec.limitUsd()), thresholds(spec.thresholdsPct()), webhook(spec.webhookUrl()), now, now);
        if (!store.insert(b)) {
            throw TollgateException.invalid("period", "a " + period.wire() + " budget of " + scope(b)
                    + " exists already: update it (PUT /v1/budgets/{id})");
        }
        limits.publish(b);
        return b;
    }

    public Budget update(String id, BudgetSpec spec) {
        Budget old = get(id);
        Budget b = new Budget(old.id(), old.tenant(), old.team(), old.period(),
                spec.limitUsd() == null ? old.limitNanos() : limit(spec.limitUsd()),
                spec.thresholdsPct() == null ? old.thresholdsPct() : thresholds(spec.thresholdsPct()),
                spec.webhookUrl() == null ? old.webhookUrl() : webhook(spec.webhookUrl()), old.createdAt(), Instant.now());
        store.update(b);
        limits.publish(b);
        return b;
    }

    public Budget get(String id) {
        return store.find(id).orElseThrow(() -> new TollgateException(ErrorKind.NOT_FOUND, "no budget " + id, "id"));
    }

    public List<Budget> list(Optional<String> tenant) {
        return store.list(tenant);
    }

    public Status status(Budget b, Instant now) {
        LocalDate start = b.period().start(now);
        LocalDate end = b.period().end(start);
        long spent = store.spend(b.tenant(), b.team(), instant(start), instant(end));
        List<BudgetAlert> fired = store.alerts(b.id()).stream().filter(a -> a.periodStart().equals(start)).toList();
        return new Status(b, start, end, spent, limits.gatewayUse(b, now), fired);
    }

    public List<BudgetAlert> alerts(String id) {
        return store.alerts(get(id).id());
    }

    @Scheduled(every = "${tollgate.ledger.budgets.check-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.errorf(e, "budget check failed; retried at the next interval");
        }
    }

    /** Re-publishes every limit and fires the thresholds crossed since the last check. Returns alerts fired now. */
    public synchronized int check() {
        Instant now = Instant.now();
        int fired = 0;
        for (Budget b : store.list(Optional.empty())) {
            limits.publish(b);
            Status s = status(b, now);
            for (int pct : b.thresholdsPct()) {
                // spent / limit >= pct / 100, in integers
                if (BigDecimal.valueOf(s.spentNanos()).multiply(BigDecimal.valueOf(100))
                        .compareTo(BigDecimal.valueOf(b.limitNanos()).multiply(BigDecimal.valueOf(pct))) < 0) {
                    continue;
                }
                BudgetAlert alert = new BudgetAlert(b.id(), s.periodStart(), pct, s.spentNanos(), b.limitNanos(), now,
                        b.webhookUrl() == null ? "none" : "pending", 0, null);
                if (store.insertAlertIfAbsent(alert)) {
                    fired++;
                    registry.counter("tollgate.ledger.budget.alerts", "threshold", Integer.toString(pct)).increment();
                    LOG.warnf("budget %s (%s, %s) crossed %d%%: %s of %s USD", b.id(), scope(b), b.period().wire(), pct,
                            Money.formatUsd(s.spentNanos()), Money.formatUsd(b.limitNanos()));
                    if (b.webhookUrl() != null) {
                        Thread.ofVirtual().name("tollgate-budget-webhook").start(() -> deliver(b, alert));
                    }
                }
            }
        }
        return fired;
    }

    private void deliver(Budget b, BudgetAlert a) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "budget.threshold_crossed");
        body.put("budget_id", b.id());
        body.put("tenant", b.tenant());
        body.put("team", b.team().isEmpty() ? null : b.team());
        body.put("period", b.period().wire());
        body.put("period_start", a.periodStart().toString());
        body.put("threshold_pct", a.thresholdPct());
        body.put("spent_usd", Money.toUsd(a.spentNanos()).toPlainString());
        body.put("limit_usd", Money.toUsd(a.limitNanos()).toPlainString());
        body.put("fired_at", a.firedAt().toString());
        try {
            WebhookClient.Delivery d = webhooks.post(b.webhookUrl(), json.writeValueAsString(body));
            store.updateDelivery(a, d.delivered() ? "delivered" : "failed", d.attempts(), d.lastError());
            if (!d.delivered()) {
                LOG.errorf("budget alert webhook %s failed after %d attempts: %s", b.webhookUrl(), d.attempts(), d.lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "budget alert delivery failed");
        }
    }

    private static Instant instant(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String scope(Budget b) {
        return b.team().isEmpty() ? "tenant " + b.tenant() : "team " + b.tenant() + "/" + b.team();
    }

    private static Period period(String v) {
        try {
            return Period.fromWire(v == null ? "" : v);
        } catch (IllegalArgumentException e) {
            throw TollgateException.invalid("period", "period must be day or month");
        }
    }

    private static long limit(BigDecimal usd) {
        if (usd == null || usd.signum() <= 0) {
            throw TollgateException.invalid("limit_usd", "limit_usd must be a positive USD amount");
        }
        if (usd.stripTrailingZeros().scale() > 9) {
            throw TollgateException.invalid("limit_usd", "limit_usd has more than 9 decimal places");
        }
        return Money.fromUsd(usd);
    }

    private static List<Integer> thresholds(List<Integer> pct) {
        if (pct == null) {
            return DEFAULT_THRESHOLDS;
        }
        for (Integer p : pct) {
            if (p == null || p < 1 || p > 1000) {
                throw TollgateException.invalid("thresholds_pct", "each threshold is a percentage from 1 to 1000");
            }
        }
        return List.copyOf(new TreeSet<>(pct));
    }

    private static String webhook(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.strip());
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u.toString();
        } catch (IllegalArgumentException e) {
            throw TollgateException.invalid("webhook_url", "webhook_url must be an absolute http(s) URL");
        }
    }
}
