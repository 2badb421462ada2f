package io.tollgate.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.BudgetKeys;
import io.tollgate.common.ledger.BudgetKeys.Period;

/** Against the real Redis at 127.0.0.1:6379; every test uses a fresh tenant, so runs never share keys. */
@QuarkusTest
class RedisBudgetsTest {
    static final String PREFIX = "tollgate-test:gw:";

    @Inject
    io.quarkus.redis.datasource.ReactiveRedisDataSource reactive;

    /** The production class with a deadline for a loaded 2-core test machine: this test is about atomicity. */
    RedisBudgets budgets;

    @org.junit.jupiter.api.BeforeEach
    void budgets() {
        budgets = new RedisBudgets(reactive, PREFIX, java.time.Duration.ofSeconds(10));
    }

    @Inject
    RedisDataSource redis;

    void limit(String tenant, String team, Period period, long nanos) {
        redis.value(String.class).set(BudgetKeys.limitKey(PREFIX, tenant, team, period), Long.toString(nanos));
    }

    Map<String, String> use(String tenant, String team, Period period) {
        return redis.hash(String.class).hgetall(BudgetKeys.useKey(PREFIX, tenant, team, period, period.start(Instant.now())));
    }

    static long field(Map<String, String> h, String f) {
        return h.get(f) == null ? 0 : Long.parseLong(h.get(f));
    }

    @Test
    void concurrentReservationsOnANearlySpentBudgetNeverOverspend() throws Exception {
        String tenant = "t-" + Ids.newId();
        long limit = 1_000_000;
        long estimate = 10_000;
        limit(tenant, "", Period.MONTH, limit);
        // nearly spent: room for exactly 7 reservations of 10,000 (and a 9,999 remainder no one fits in)
        redis.hash(String.class).hset(BudgetKeys.useKey(PREFIX, tenant, "", Period.MONTH, Period.MONTH.start(Instant.now())),
                "spent", Long.toString(limit - 7 * estimate - 9_999));
        int threads = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int k = 0; k < 5; k++) {
                    if (budgets.reserve(tenant, "team-a", estimate, Instant.now()) instanceof RedisBudgets.Admitted) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertEquals(7, admitted.get(), "320 concurrent reservations, room for 7");
        Map<String, String> u = use(tenant, "", Period.MONTH);
        assertTrue(field(u, "spent") + field(u, "reserved") <= limit);
    }

    @Test
    void reserveSettleLoopsStayWithinOneReservationOfTheLimit() throws Exception {
        String tenant = "t-" + Ids.newId();
        long limit = 5_000_000;
        long maxEstimate = 50_000;
        limit(tenant, "", Period.DAY, limit);
        limit(tenant, "search", Period.MONTH, limit / 2); // the tighter team budget binds
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong settled = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                int refusals = 0;
                while (refusals < 3) {
                    long est = ThreadLocalRandom.current().nextLong(1_000, maxEstimate);
                    if (budgets.reserve(tenant, "search", est, Instant.now()) instanceof RedisBudgets.Admitted a) {
                        long cost = ThreadLocalRandom.current().nextLong(0, est + 1); // estimates are upper bounds
                        budgets.settle(a.reservation(), cost);
                        settled.addAndGet(cost);
                    } else {
                        refusals++;
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        Map<String, String> team = use(tenant, "search", Period.MONTH);
        assertEquals(0, field(team, "reserved"), "every reservation was settled");
        assertEquals(settled.get(), field(team, "spent"));
        assertTrue(field(team, "spent") <= limit / 2, "spend " + field(team, "spent") + " over the team limit");
        assertTrue(field(team, "spent") > limit / 2 - maxEstimate, "the budget was used up to its last reservation");
        assertEquals(settled.get(), field(use(tenant, "", Period.DAY), "spent"), "the tenant budget saw the same spend");
    }

    @Test
    void refusalNamesTheBudgetThatBinds() {
        String tenant = "t-" + Ids.newId();
        limit(tenant, "ops", Period.DAY, 100);
        RedisBudgets.Decision d = budgets.reserve(tenant, "ops", 101, Instant.now());
        RedisBudgets.Refused r = assertInstanceOf(RedisBudgets.Refused.class, d);
        assertEquals("ops", r.refusal().team());
        assertEquals(Period.DAY, r.refusal().period());
        assertEquals(100, r.refusal().limitNanos());
        // no limit anywhere: admitted, and the spend is still tracked for when a limit arrives
        assertInstanceOf(RedisBudgets.Admitted.class, budgets.reserve(tenant, "other", 101, Instant.now()));
    }

    /** The router's low-budget policy reads the tightest share left after the reservation (its own included). */
    @Test
    void anAdmittedReservationSaysTheTightestShareLeft() {
        String tenant = "t-" + Ids.newId();
        RedisBudgets.Admitted none = assertInstanceOf(RedisBudgets.Admitted.class, budgets.reserve(tenant, "ops", 10, Instant.now()));
        assertTrue(Double.isNaN(none.reservation().remaining()), "no limit: nothing to say");
        limit(tenant, "", Period.MONTH, 1_000);
        limit(tenant, "ops", Period.DAY, 200);
        // the team's day budget binds: 200 - 10 (held above) - 30 = 160 left of 200
        RedisBudgets.Admitted a = assertInstanceOf(RedisBudgets.Admitted.class, budgets.reserve(tenant, "ops", 30, Instant.now()));
        assertEquals(0.8, a.reservation().remaining(), 1e-6);
        budgets.settle(a.reservation(), 150);
        // spent 150, held 10 + 20: 20 of 200 left
        RedisBudgets.Admitted b = assertInstanceOf(RedisBudgets.Admitted.class, budgets.reserve(tenant, "ops", 20, Instant.now()));
        assertEquals(0.1, b.reservation().remaining(), 1e-6);
    }

    @Test
    void theScriptsRunByTheirShaAndReloadAfterRedisForgetsThem() {
        String tenant = "t-" + Ids.newId();
        redis.execute("SCRIPT", "FLUSH");
        // the first call after the flush answers NOSCRIPT to EVALSHA: it must load the script and still reserve
        RedisBudgets.Admitted a = assertInstanceOf(RedisBudgets.Admitted.class, budgets.reserve(tenant, "ops", 10, Instant.now()));
        assertEquals(1, redis.execute("SCRIPT", "EXISTS", RedisBudgets.RESERVE.sha()).get(0).toInteger());
        budgets.settle(a.reservation(), 7);
        assertEquals(1, redis.execute("SCRIPT", "EXISTS", RedisBudgets.SETTLE.sha()).get(0).toInteger());
        assertEquals(7, field(use(tenant, "ops", Period.DAY), "spent"));
        assertEquals(0, field(use(tenant, "ops", Period.DAY), "reserved"));
    }
}
