package io.tollgate.suite;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start the suite.
 *
 * @param repoRoot   the checkout (jars are found below it; the suite runs with it as working directory)
 * @param portBase   HTTP ports are portBase+0..4 and +10, gRPC ports portBase+1001..1004
 * @param production false: embedded defaults (in-process cache store, embedded ledger database) — needs only Java.
 *                   true: Redis at 127.0.0.1:6379 and PostgreSQL at 127.0.0.1:5432 (database {@code test}).
 * @param ledgerSchema PostgreSQL schema for the ledger in production mode
 * @param runDir     logs and embedded data go here
 * @param extra      extra system properties per service name, e.g. the provider's latency scale
 */
public record SuiteOptions(Path repoRoot, int portBase, boolean production, String ledgerSchema, Path runDir,
        Map<String, Map<String, String>> extra) {

    public static SuiteOptions embedded(Path repoRoot) {
        return new SuiteOptions(repoRoot, 8080, false, "public", repoRoot.resolve("run"), Map.of());
    }

    /** The end-to-end tests' key of a tenant whose "auto" requests go through the router's cascade. */
    public static final String E2E_CASCADE_KEY = "tg-e2e-cascade";
    /** The key of a tenant whose router steps down under 90 % of its budget left; the tenant is new every run. */
    public static final String E2E_LOW_BUDGET_KEY = "tg-e2e-lowbudget";
    public static final String E2E_LOW_BUDGET_TENANT = "e2e-lowbudget-" + Long.toString(System.currentTimeMillis(), 36);

    public static SuiteOptions endToEndTests(Path repoRoot) {
        SuiteOptions o = new SuiteOptions(repoRoot, 28080, true, "ledger_e2e", repoRoot.resolve("suite/target/e2e-run"), Map.of());
        o = o.withKey(E2E_CASCADE_KEY, "e2e-cascade").withExtra("router", "tollgate.router.tenants.e2e-cascade.cascade", "true");
        String lowBudget = "tollgate.router.tenants." + E2E_LOW_BUDGET_TENANT + ".low-budget.";
        return o.withKey(E2E_LOW_BUDGET_KEY, E2E_LOW_BUDGET_TENANT)
                .withExtra("router", lowBudget + "below", "0.9")
                .withExtra("router", lowBudget + "quality-target", "0.1");
    }

    /** A gateway API key for {@code tenant} (team "qa", baseline gpt-4o, cache off). */
    private SuiteOptions withKey(String key, String tenant) {
        String k = "tollgate.gateway.api-keys.\"" + key + "\".";
        return withExtra("gateway", k + "tenant", tenant).withExtra("gateway", k + "team", "qa")
                .withExtra("gateway", k + "key-id", key).withExtra("gateway", k + "baseline-model", "gpt-4o")
                .withExtra("gateway", k + "cache", "off");
    }

    /** A second, independent suite for tests that stop services (ports 38080+, its own ledger schema and run dir). */
    public static SuiteOptions disposable(Path repoRoot, String name) {
        return new SuiteOptions(repoRoot, 38080, true, "ledger_" + name, repoRoot.resolve("suite/target/" + name + "-run"), Map.of());
    }

    public SuiteOptions withExtra(String service, String key, String value) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        extra.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        copy.computeIfAbsent(service, k -> new LinkedHashMap<>()).put(key, value);
        return new SuiteOptions(repoRoot, portBase, production, ledgerSchema, runDir, copy);
    }

    int gatewayHttp() { return portBase; }
    int routerHttp() { return portBase + 1; }
    int cacheHttp() { return portBase + 2; }
    int workerHttp() { return portBase + 3; }
    int ledgerHttp() { return portBase + 4; }
    int providerHttp() { return portBase + 10; }
    int routerGrpc() { return portBase + 1001; }
    int cacheGrpc() { return portBase + 1002; }
    int workerGrpc() { return portBase + 1003; }
    int ledgerGrpc() { return portBase + 1004; }

    /** The six processes, in start order, with their budgets. The one place that sizes the suite. */
    List<ServiceSpec> services() {
        String provider = "http://127.0.0.1:" + providerHttp() + "/v1";
        Map<String, String> clients = Map.of(
                "quarkus.grpc.clients.ledger.port", String.valueOf(ledgerGrpc()),
                "quarkus.grpc.clients.worker.port", String.valueOf(workerGrpc()),
                "quarkus.grpc.clients.cache.port", String.valueOf(cacheGrpc()),
                "quarkus.grpc.clients.router.port", String.valueOf(routerGrpc()));

        Map<String, String> ledger = new LinkedHashMap<>(clients);
        // The finance key of the main job and the tests (production keys come from a Secret).
        ledger.put("tollgate.ledger.finance-keys", "tg-finance-demo");
        Map<String, String> cache = new LinkedHashMap<>(clients);
        Map<String, String> gateway = new LinkedHashMap<>(clients);
        // Requests admitted at once, sized with the gateway's 88 MiB heap to 256 MiB of RSS (~30 KB each while queued):
        // past it, 503 at once. 2,048 filled a 100 MiB heap when a cold gateway met 1,000 requests/s: out of memory;
        // with 1,024 and 100 MiB the gateway peaked at 258-269 MiB of RSS (session 7: C2's arenas on top of the heap).
        // At 1,000/s and a 50 ms provider about 60 are in flight.
        gateway.put("tollgate.gateway.max-in-flight", "512");
        // One event loop for the gateway and the router (the others get the launcher's two): the HTTP server, the
        // Redis connections and the gRPC channels then share one thread, and a miss's callbacks never cross to another
        // loop (a wake-up syscall each). Session 9 A/B: the gateway's CPU per miss at 1,000/s 0.30 ms against 0.37.
        gateway.put("quarkus.vertx.event-loops-pool-size", "1");
        Map<String, String> router = new LinkedHashMap<>(clients);
        router.put("TOLLGATE_REPLAY_BASE_URL", provider);
        router.put("quarkus.vertx.event-loops-pool-size", "1");
        if (production) {
            cache.put("tollgate.cache.store", "redis");
            cache.put("quarkus.redis.hosts", "redis://127.0.0.1:6379");
            gateway.put("quarkus.redis.hosts", "redis://127.0.0.1:6379");
            // the gateway reads exact hits from the cache's Redis itself (docs/design/004-exact-tier-in-the-gateway.md)
            gateway.put("tollgate.gateway.cache.exact-tier.enabled", "true");
            // the ledger's %prod profile reads TOLLGATE_LEDGER_STORE (an env var in production; a property here)
            ledger.put("TOLLGATE_LEDGER_STORE", "postgresql");
            ledger.put("tollgate.ledger.store", "postgresql");
            ledger.put("quarkus.datasource.postgresql.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test");
            ledger.put("quarkus.datasource.postgresql.username", "postgres");
            ledger.put("tollgate.ledger.schema", ledgerSchema);
        } else {
            cache.put("tollgate.cache.store", "memory");
            ledger.put("TOLLGATE_LEDGER_STORE", "embedded");
            // The embedded default is a laptop demo: the finance dashboard and API read without a key.
            ledger.put("tollgate.ledger.open-reads", "true");
            ledger.put("tollgate.ledger.store", "embedded");
            ledger.put("TOLLGATE_LEDGER_EMBEDDED_URL", "jdbc:h2:file:" + runDir.resolve("data/ledger/ledger").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        }
        // Heaps sized to the live set (docs/benchmarks.md, resident memory): each service stays within 256 MiB of RSS
        // under the gateway benchmark's load. The cache's heap grows with its index (~2 KB per entry): size it up
        // for large tenants.
        return List.of(
                spec("provider", "replay-provider", providerHttp(), 0, 384, 16, Map.of()),
                spec("ledger", "cost-ledger-service", ledgerHttp(), ledgerGrpc(), 64, 32, ledger),
                spec("worker", "inference-worker", workerHttp(), workerGrpc(), 48, 8, clients),
                spec("cache", "cache-service", cacheHttp(), cacheGrpc(), 96, 16, cache),
                spec("router", "router-service", routerHttp(), routerGrpc(), 80, 64, router),
                spec("gateway", "gateway-service", gatewayHttp(), 0, 88, 64, gateway));
    }

    private ServiceSpec spec(String name, String module, int http, int grpc, int heapMb, int threads, Map<String, String> props) {
        Map<String, String> all = new LinkedHashMap<>(props);
        all.putAll(extra.getOrDefault(name, Map.of()));
        return new ServiceSpec(name, module, http, grpc, heapMb, threads, all);
    }
}
