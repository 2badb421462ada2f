package io.tollgate.gateway.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.tollgate.common.ledger.BudgetKeys;
import io.tollgate.common.ledger.BudgetKeys.Period;
import io.tollgate.common.redis.RedisScript;
import io.vertx.mutiny.redis.client.Response;

/**
 * The two atomic budget operations, each one Lua script (run by its SHA-1) so that every gateway replica sees one
 * consistent {@code spent + reserved} per key: check-and-reserve, and settle (release the reservation, add the real
 * cost).
 *
 * <p>Invariant: a reservation is admitted only when, for every budget of the request (tenant/team x day/month) that
 * has a limit, {@code limit - spent - reserved >= estimate}; so {@code spent + reserved <= limit} after every admitted
 * reservation, and spend exceeds a limit only by what requests settle above their estimate.
 */
@ApplicationScoped
public class RedisBudgets {
    /**
     * KEYS: n limit keys, then n use keys. ARGV: estimate, then n TTLs. Returns {0, ppm} (ppm: the smallest remaining
     * share of a limited budget after the reservation, in millionths; -1 when no budget has a limit) or
     * {i, limit, spent+reserved}.
     */
    static final RedisScript RESERVE = new RedisScript("""
            local n = #KEYS / 2
            local est = tonumber(ARGV[1])
            local limits = {}
            local used = {}
            for i = 1, n do
              local limit = redis.call('GET', KEYS[i])
              if limit then
                local u = redis.call('HMGET', KEYS[n + i], 'spent', 'reserved')
                limits[i] = tonumber(limit)
                used[i] = (tonumber(u[1]) or 0) + (tonumber(u[2]) or 0)
                if limits[i] - used[i] < est then
                  return {i, limits[i], used[i]}
                end
              end
            end
            local ppm = -1
            for i = 1, n do
              redis.call('HINCRBY', KEYS[n + i], 'reserved', est)
              redis.call('EXPIRE', KEYS[n + i], tonumber(ARGV[1 + i]))
              if limits[i] and limits[i] > 0 then
                local left = math.max(0, math.floor((limits[i] - used[i] - est) * 1000000 / limits[i]))
                if ppm < 0 or left < ppm then ppm = left end
              end
            end
            return {0, ppm}
            """);
    /** KEYS: use keys. ARGV: estimate, cost, then a TTL per key. */
    static final RedisScript SETTLE = new RedisScript("""
            local est = tonumber(ARGV[1])
            local cost = tonumber(ARGV[2])
            for i = 1, #KEYS do
              redis.call('HINCRBY', KEYS[i], 'reserved', -est)
              if cost > 0 then redis.call('HINCRBY', KEYS[i], 'spent', cost) end
              redis.call('EXPIRE', KEYS[i], tonumber(ARGV[2 + i]))
            end
            return 1
            """);

    private final ReactiveRedisDataSource redis;
    private final String prefix;
    private final Duration timeout;

    @Inject
    RedisBudgets(ReactiveRedisDataSource redis, BudgetConfig config) {
        this(redis, config.keyPrefix(), config.redisTimeout());
    }

    public RedisBudgets(ReactiveRedisDataSource redis, String prefix, Duration timeout) {
        this.redis = redis;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    /** Why a reservation was refused: the budget (team or tenant-wide, period) and its numbers. */
    public record Refusal(String team, Period period, long limitNanos, long usedNanos) {
    }

    public sealed interface Decision permits Admitted, Refused {
    }

    public record Admitted(Reservation reservation) implements Decision {
    }

    public record Refused(Refusal refusal) implements Decision {
    }

    /** Atomically checks every budget of (tenant, team) and holds {@code estimateNanos} on all of them. */
    public Decision reserve(String tenant, String team, long estimateNanos, Instant now) {
        return reserveAsync(tenant, team, estimateNanos, now).await().indefinitely();
    }

    /**
     * The same without blocking: the decision (or the failure, or a timeout) arrives on the Redis client's event loop,
     * or on Mutiny's timer thread for a timeout.
     */
    public Uni<Decision> reserveAsync(String tenant, String team, long estimateNanos, Instant now) {
        List<String> teams = team == null || team.isEmpty() ? List.of("") : List.of("", team);
        List<String> limitKeys = new ArrayList<>();
        List<String> useKeys = new ArrayList<>();
        List<Long> ttls = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        for (String t : teams) {
            for (Period p : Period.values()) {
                LocalDate start = p.start(now);
                limitKeys.add(BudgetKeys.limitKey(prefix, tenant, t, p));
                useKeys.add(BudgetKeys.useKey(prefix, tenant, t, p, start));
                ttls.add(BudgetKeys.useTtlSeconds(p, start, now));
                labels.add(new String[] { t, p.name() });
            }
        }
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(limitKeys.size() * 2));
        args.addAll(limitKeys);
        args.addAll(useKeys);
        args.add(Long.toString(estimateNanos));
        ttls.forEach(t -> args.add(Long.toString(t)));
        return RESERVE.runAsync(redis::execute, timeout, args.toArray(String[]::new)).<Decision>map(r -> {
            int failed = r.get(0).toInteger();
            if (failed == 0) {
                long ppm = r.size() > 1 ? r.get(1).toLong() : -1;
                return new Admitted(new Reservation(tenant, List.copyOf(useKeys), List.copyOf(ttls), estimateNanos,
                        System.nanoTime(), ppm < 0 ? Double.NaN : ppm / 1e6));
            }
            String[] label = labels.get(failed - 1);
            return new Refused(new Refusal(label[0], Period.valueOf(label[1]), r.get(1).toLong(), r.get(2).toLong()));
        });
    }

    /** Releases the reservation and adds {@code costNanos} (0 = release only) to every budget it held. */
    public void settle(Reservation reservation, long costNanos) {
        settleAsync(reservation, costNanos).await().indefinitely();
    }

    /** The same without blocking: the outcome arrives on the Redis client's event loop (or as a timeout). */
    public Uni<Void> settleAsync(Reservation reservation, long costNanos) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(reservation.useKeys().size()));
        args.addAll(reservation.useKeys());
        args.add(Long.toString(reservation.estimateNanos()));
        args.add(Long.toString(costNanos));
        reservation.ttlSeconds().forEach(t -> args.add(Long.toString(t)));
        return SETTLE.runAsync(redis::execute, timeout.multipliedBy(5), args.toArray(String[]::new)).replaceWithVoid();
    }
}
