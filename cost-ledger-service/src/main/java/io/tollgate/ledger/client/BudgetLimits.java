package io.tollgate.ledger.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.tollgate.common.ledger.BudgetKeys;
import io.tollgate.ledger.config.LedgerConfig;
import io.tollgate.ledger.service.Budget;

/**
 * The ledger's side of the Redis budget keys (see {@link BudgetKeys}): it writes each budget's limit where every
 * gateway replica's reserve script reads it, and reads the gateway's live {@code spent}/{@code reserved}. Redis down:
 * logged, and the next scheduled check publishes again; never fails a ledger request.
 */
@ApplicationScoped
public class BudgetLimits {
    private static final Logger LOG = Logger.getLogger(BudgetLimits.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;
    private final String prefix;

    BudgetLimits(ReactiveRedisDataSource redis, LedgerConfig config) {
        this.redis = redis;
        this.prefix = config.budgets().keyPrefix();
    }

    /** False when Redis could not be reached. */
    public boolean publish(Budget b) {
        try {
            redis.value(String.class).set(BudgetKeys.limitKey(prefix, b.tenant(), b.team(), b.period()),
                    Long.toString(b.limitNanos())).await().atMost(TIMEOUT);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("could not publish budget %s to Redis (%s); retried at the next check", b.id(), e.toString());
            return false;
        }
    }

    /** The gateway's view of the current period: [spent, reserved] in nano-USD; empty when Redis is unreachable. */
    public Optional<long[]> gatewayUse(Budget b, Instant now) {
        try {
            Map<String, String> h = redis.hash(String.class).hgetall(BudgetKeys.useKey(prefix, b.tenant(), b.team(),
                    b.period(), b.period().start(now))).await().atMost(TIMEOUT);
            return Optional.of(new long[] { parse(h.get("spent")), parse(h.get("reserved")) });
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long parse(String v) {
        return v == null ? 0 : Long.parseLong(v);
    }
}
