package io.tollgate.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tollgate.suite.Suite;
import io.tollgate.suite.SuiteOptions;

/**
 * Gateway overhead under open-loop load (issue 7). Starts the whole suite through the suite launcher (the replay
 * provider answering every request after exactly {@code --delay-ms}), primes hot prompts, then for each round and each
 * rate runs the chosen scenarios and prints one table. {@code --stores=production} (the default) runs the deployed
 * configuration: the cache in Redis, the gateway reading its exact tier there itself, the ledger in PostgreSQL (schema
 * {@code ledger_bench}); {@code --stores=embedded} the laptop defaults (in-memory cache, H2 ledger), where every
 * lookup is a gRPC call to the cache service.
 * <ul>
 *   <li>{@code miss}: unique prompts with a key whose semantic tier is off (cache {@code exact}): authenticate, rate
 *   limit, exact lookup (a miss), router, provider, async store. The miss-path overhead target.</li>
 *   <li>{@code hit}: pre-warmed prompts, same key: exact hits, end to end.</li>
 *   <li>{@code mix}: a key with the semantic tier on; 40% exact hits, 20% semantic hits, 40% misses.</li>
 *   <li>{@code portkey} (with {@code --portkey-url}): right after each {@code miss} run, the same load against
 *   Portkey's gateway pointed at the same replay provider. Neither sends a comparable timing header, so both are
 *   compared on end-to-end latency minus the provider's fixed delay (same generator, same provider, same machine).</li>
 * </ul>
 * Peak resident memory (VmRSS) of every process is sampled during each run. {@code --jfr=gateway,router} records a
 * JFR profile of those services over all rounds (via {@code jcmd}) into the run folder. {@code --clients=jdk,vertx}
 * runs every scenario with each load-generator client ({@link LoadClient}), labelled {@code hit@jdk}, {@code hit@vertx}.
 * Before anything is recorded the suite runs {@code --jit-warmup} (180s) at the lowest rate, then {@code --top-warmup}
 * (20s; 0 skips it) at the highest. {@code --set=gateway:quarkus.vertx.event-loops-pool-size=1;router:...} overrides
 * a service's setting for a configuration A/B (applied after the launcher's own).
 *
 * <pre>
 * ./mvnw -q -pl bench install -DskipTests
 * ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.load.GatewayBench \
 *     -Dexec.args="--rates=250,500,1000 --duration=15s --rounds=2"
 * </pre>
 * The side-by-side with Portkey is one command: {@code bench/portkey/run.sh} (see docs/benchmarks.md).
 */
public final class GatewayBench {
    static final String EXACT_KEY = "tg-bench-exact";
    static final String SEMANTIC_KEY = "tg-bench-semantic";
    /** The first requests load the embedding model and JIT-compile every hop; on a busy 2-core machine that is slow. */
    private static final Duration COLD_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("gateway", "router", "cache", "worker", "ledger", "provider");

    private final Map<String, String> options;
    private final List<String[]> rows = new ArrayList<>();
    /** "round/rate" to {Tollgate miss, Portkey} results, for the side-by-side ratios. */
    private final Map<String, LoadResult[]> pairs = new LinkedHashMap<>();
    /** CPU time of the suite's processes and the generator; set once the suite runs. */
    private CpuTime cpu;

    private GatewayBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("port-base", "38080");
        options.put("delay-ms", "50");
        options.put("rates", "250,500,1000");
        options.put("warmup", "5s");
        options.put("jit-warmup", "180s");
        options.put("duration", "15s");
        options.put("rounds", "1");
        options.put("scenarios", "miss,hit,mix");
        options.put("model", "gpt-4o-mini");
        options.put("timeout", "10s");
        options.put("portkey-url", "");
        options.put("portkey-pid", "");
        options.put("jfr", "");
        options.put("snapshot", "true");
        options.put("gateway-app", "");
        options.put("stores", "production");
        options.put("clients", "jdk");
        options.put("top-warmup", "20s");
        options.put("set", "");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        new GatewayBench(options).run();
        System.exit(0); // the suite's shutdown hook stops the services
    }

    private void run() throws Exception {
        Path checkout = repoRoot();
        Path repo = Boolean.parseBoolean(options.get("snapshot")) ? snapshot(checkout, options.get("gateway-app")) : checkout;
        int portBase = Integer.parseInt(options.get("port-base"));
        String key = "tollgate.gateway.api-keys.\"%s\".%s";
        boolean production = switch (options.get("stores")) {
            case "production" -> true;
            case "embedded" -> false;
            default -> throw new IllegalArgumentException("--stores must be production or embedded, not " + options.get("stores"));
        };
        SuiteOptions suiteOptions = new SuiteOptions(repo, portBase, production, production ? "ledger_bench" : "public",
                checkout.resolve("bench/target/gateway-bench-run"), Map.of())
                .withExtra("provider", "tollgate.replay.fixed-delay-ms", options.get("delay-ms"))
                // On a loaded 2-core machine the ledger's first H2 connection can take longer than Agroal's 5 s default.
                .withExtra("ledger", "quarkus.datasource.embedded.jdbc.acquisition-timeout", "60S")
                .withExtra("gateway", key.formatted(EXACT_KEY, "tenant"), "bench")
                .withExtra("gateway", key.formatted(EXACT_KEY, "cache"), "exact")
                .withExtra("gateway", key.formatted(EXACT_KEY, "requests-per-second"), "100000")
                .withExtra("gateway", key.formatted(EXACT_KEY, "burst"), "100000")
                .withExtra("gateway", key.formatted(SEMANTIC_KEY, "tenant"), "bench")
                .withExtra("gateway", key.formatted(SEMANTIC_KEY, "cache"), "semantic")
                .withExtra("gateway", key.formatted(SEMANTIC_KEY, "requests-per-second"), "100000")
                .withExtra("gateway", key.formatted(SEMANTIC_KEY, "burst"), "100000");
        for (String setting : options.get("set").split(";")) {
            if (setting.isBlank()) {
                continue;
            }
            // service:property=value, e.g. gateway:quarkus.vertx.event-loops-pool-size=1 (after the launcher's own)
            int colon = setting.indexOf(':');
            int eq = setting.indexOf('=', colon + 1);
            if (colon < 1 || eq < colon + 2) {
                throw new IllegalArgumentException("--set takes service:property=value;..., not " + setting);
            }
            suiteOptions = suiteOptions.withExtra(setting.substring(0, colon), setting.substring(colon + 1, eq),
                    setting.substring(eq + 1));
        }
        System.out.printf("%s  %s%nstarting the suite (port base %d, provider fixed delay %s ms, %s stores)...%n", Instant.now(),
                uptime(), portBase, options.get("delay-ms"), options.get("stores"));
        if (production) {
            forgetBenchEntries();
        }
        try (Suite suite = Suite.start(suiteOptions);
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Long> pids = new LinkedHashMap<>();
            SERVICES.forEach(s -> pids.put(s, suite.pid(s)));
            if (!options.get("portkey-pid").isEmpty()) {
                pids.put("portkey", Long.parseLong(options.get("portkey-pid")));
            }
            System.out.println("pids " + pids);
            List<OpenLoopLoad> loads = new ArrayList<>();
            for (String client : options.get("clients").split(",")) {
                loads.add(new OpenLoopLoad(LoadClient.named(client, executor), OpenLoopLoad.parse(options.get("timeout"))));
            }
            OpenLoopLoad load = loads.getFirst();
            String model = options.get("model");
            OpenLoopLoad.Target exact = new OpenLoopLoad.Target("tollgate", suite.gatewayUrl(), Map.of("Authorization", "Bearer " + EXACT_KEY), model);
            OpenLoopLoad.Target semantic = new OpenLoopLoad.Target("tollgate", suite.gatewayUrl(), Map.of("Authorization", "Bearer " + SEMANTIC_KEY), model);
            OpenLoopLoad.Target portkey = options.get("portkey-url").isEmpty() ? null : new OpenLoopLoad.Target("portkey",
                    options.get("portkey-url"), Map.of("Authorization", "Bearer unused-by-the-replay-provider",
                    "x-portkey-provider", "openai", "x-portkey-custom-host", suite.url("provider") + "/v1"), model);
            PromptMix hits = PromptMix.of(1.0, 0, 16);
            for (String hot : hits.hotPrompts()) {
                check(load.sendOnce(semantic, hot, COLD_TIMEOUT), "priming"); // stores exact and semantic entries
            }
            double warmRate = Arrays.stream(options.get("rates").split(",")).mapToDouble(Double::parseDouble).min().orElse(100);
            // Six JVMs share the cores with their JIT compilers: C2 queues stay long for minutes, and until they
            // drain every request pays for interpreted code and for the compilers themselves.
            Duration jitWarmup = OpenLoopLoad.parse(options.get("jit-warmup"));
            System.out.printf("JIT warm-up: %s of half exact hits, half misses at %.0f/s, not recorded%n", jitWarmup, warmRate);
            load.run(exact, new PromptMix(0.5, 0, hits.hotPrompts()), warmRate, Duration.ZERO, jitWarmup);
            // Code that is hot only at the top rate (deeper queues, more connections) compiles here, not during the
            // first measured round there (session 7: a cold first round at 1,000/s overran the gateway into 503s).
            double topRate = Arrays.stream(options.get("rates").split(",")).mapToDouble(Double::parseDouble).max().orElse(warmRate);
            Duration topWarmup = OpenLoopLoad.parse(options.get("top-warmup"));
            if (topRate > warmRate && !topWarmup.isZero()) {
                System.out.printf("JIT warm-up at the top rate: %s at %.0f/s, not recorded%n", topWarmup, topRate);
                load.run(exact, new PromptMix(0.5, 0, hits.hotPrompts()), topRate, Duration.ZERO, topWarmup);
            }
            for (OpenLoopLoad other : loads.subList(1, loads.size())) {
                // the services are warm by now; the generator's own code for this client is not
                other.run(exact, new PromptMix(0.5, 0, hits.hotPrompts()), warmRate, Duration.ZERO, Duration.ofSeconds(30));
            }
            checks(load, exact, semantic, portkey, hits);
            Jfr jfr = Jfr.start(options.get("jfr"), suite, suiteOptions.runDir().resolve("jfr"));
            cpu = new CpuTime(pids);
            Map<String, Double> idleBefore = cpu.snapshot();
            Thread.sleep(10_000);
            System.out.println("CPU ms per second at rest (10 s, no requests): "
                    + CpuTime.perRequest(idleBefore, cpu.snapshot(), 10));
            try (ResidentMemory rss = new ResidentMemory(pids)) {
                rounds(loads, rss, exact, semantic, portkey, hits);
            } finally {
                jfr.stop();
            }
            printTable();
        }
    }

    private void rounds(List<OpenLoopLoad> loads, ResidentMemory rss, OpenLoopLoad.Target exact, OpenLoopLoad.Target semantic,
            OpenLoopLoad.Target portkey, PromptMix hits) throws Exception {
        List<String> scenarios = Arrays.asList(options.get("scenarios").split(","));
        Duration warmup = OpenLoopLoad.parse(options.get("warmup"));
        Duration duration = OpenLoopLoad.parse(options.get("duration"));
        int rounds = Integer.parseInt(options.get("rounds"));
        for (int round = 1; round <= rounds; round++) {
            for (String rateText : options.get("rates").split(",")) {
                double rate = Double.parseDouble(rateText);
                for (OpenLoopLoad load : loads) {
                    for (String scenario : scenarios) {
                        scenario(load, rss, round, scenario, rate, warmup, duration, exact, semantic, portkey, hits);
                    }
                }
            }
        }
    }

    private void scenario(OpenLoopLoad load, ResidentMemory rss, int round, String scenario, double rate, Duration warmup,
            Duration duration, OpenLoopLoad.Target exact, OpenLoopLoad.Target semantic, OpenLoopLoad.Target portkey,
            PromptMix hits) throws InterruptedException {
        switch (scenario) {
            case "miss" -> {
                // Alternate who goes first so that drift in the machine's load does not favour one side.
                boolean portkeyFirst = portkey != null && round % 2 == 0;
                if (portkeyFirst) {
                    measure(load, rss, round, "portkey", portkey, PromptMix.missesOnly(), rate, warmup, duration);
                }
                measure(load, rss, round, "miss", exact, PromptMix.missesOnly(), rate, warmup, duration);
                if (portkey != null && !portkeyFirst) {
                    measure(load, rss, round, "portkey", portkey, PromptMix.missesOnly(), rate, warmup, duration);
                }
            }
            case "hit" -> measure(load, rss, round, "hit", exact, hits, rate, warmup, duration);
            case "mix" -> measure(load, rss, round, "mix", semantic, new PromptMix(0.4, 0.2, hits.hotPrompts()), rate, warmup, duration);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario + " (miss, hit, mix)");
        }
    }

    /** Shows what each kind of request gets once everything is warm (the run's own cache headers are in the table). */
    private static void checks(OpenLoopLoad load, OpenLoopLoad.Target exact, OpenLoopLoad.Target semantic,
            OpenLoopLoad.Target portkey, PromptMix hits) throws Exception {
        String hot = hits.hotPrompts().getFirst();
        System.out.println("check: exact key, hot prompt       -> " + header(load.sendOnce(exact, hot, COLD_TIMEOUT)));
        System.out.println("check: semantic key, lower-cased   -> " + header(load.sendOnce(semantic, PromptMix.semanticVariant(hot), COLD_TIMEOUT)));
        System.out.println("check: exact key, unique prompt    -> " + header(load.sendOnce(exact, PromptMix.missesOnly().next(new java.util.SplittableRandom()), COLD_TIMEOUT)));
        if (portkey != null) {
            LoadClient.Reply r = check(load.sendOnce(portkey, hot, COLD_TIMEOUT), "portkey");
            System.out.println("check: portkey -> " + r.status() + " " + r.body().substring(0, Math.min(120, r.body().length())));
        }
    }

    private static LoadClient.Reply check(LoadClient.Reply r, String what) {
        if (r.status() != 200) {
            throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.body());
        }
        return r;
    }

    private static String header(LoadClient.Reply r) {
        return r.status() + " x-tollgate-cache=" + r.header("x-tollgate-cache").orElse("-")
                + " x-tollgate-overhead-ms=" + r.header("x-tollgate-overhead-ms").orElse("-");
    }

    /**
     * Removes what earlier runs left of the bench tenant in Redis: every miss stores an entry (tens of thousands per
     * run), and the cache service loads its tenants' entries at start-up.
     */
    private static void forgetBenchEntries() throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "redis-cli --scan --pattern 'tollgate:cache:{bench}:*' | xargs -r -n 1000 redis-cli unlink > /dev/null")
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("could not clear the bench tenant's cache entries in Redis (is redis-cli installed and Redis up?)");
        }
    }

    private void measure(OpenLoopLoad load, ResidentMemory rss, int round, String scenario, OpenLoopLoad.Target target,
            PromptMix mix, double rate, Duration warmup, Duration duration) throws InterruptedException {
        String before = uptime();
        rss.reset();
        Map<String, Double> cpuBefore = cpu.snapshot();
        LoadResult r = load.run(target, mix, rate, warmup, duration);
        String cpuPerRequest = CpuTime.perRequest(cpuBefore, cpu.snapshot(), Math.round(rate * (warmup.toNanos() + duration.toNanos()) / 1e9));
        double delay = Double.parseDouble(options.get("delay-ms"));
        // with more than one client the generator's name goes with every row: the client is part of "end to end"
        String label = options.get("clients").contains(",") ? scenario + "@" + load.clientName() : scenario;
        System.out.printf("%n[round %d, %s] %s%n  peak RSS MiB %s%n  CPU ms per request (warm-up included) %s%n  %s%n", round,
                label, r.describe(), rss.peakMb(), cpuPerRequest, before);
        boolean viaProvider = !scenario.equals("hit");
        if (scenario.equals("miss") || scenario.equals("portkey")) {
            pairs.computeIfAbsent(round + "/" + (long) rate + "/" + load.clientName(), k -> new LoadResult[2])[scenario.equals("miss") ? 0 : 1] = r;
        }
        rows.add(new String[] {String.valueOf(round), label, String.format(Locale.ROOT, "%.0f", rate),
                String.format(Locale.ROOT, "%.0f", r.throughput()), String.valueOf(r.errors()),
                fmt(r.latencyMs(50)), fmt(r.latencyMs(99)), fmt(r.latencyMs(99.9)),
                viaProvider ? fmt(r.beyondDelayMs(50, delay)) : "-", viaProvider ? fmt(r.beyondDelayMs(99, delay)) : "-",
                fmt(r.overheadMs(50)), fmt(r.overheadMs(99)), fmt(r.overheadMs(99.9)),
                rss.peakMb().toString().replaceAll("[{} ]", ""), before.replaceAll(".*load average: ", "")});
    }

    private void printTable() {
        System.out.printf("%n%s%n", String.join(" | ", "round", "scenario", "rate/s", "thr/s", "errors", "lat p50", "lat p99",
                "lat p99.9", "lat-delay p50", "lat-delay p99", "hdr p50", "hdr p99", "hdr p99.9", "peak RSS MiB", "load avg (before)"));
        for (String[] row : rows) {
            System.out.println(String.join(" | ", row));
        }
        System.out.println("(ms; lat = end to end from intended send; lat-delay = lat minus the provider's fixed delay;"
                + " hdr = x-tollgate-overhead-ms)");
        double delay = Double.parseDouble(options.get("delay-ms"));
        pairs.forEach((roundRate, pair) -> {
            if (pair[0] != null && pair[1] != null) {
                System.out.printf(Locale.ROOT, "round/rate %s: latency minus provider delay, Portkey / Tollgate: p50 %.3f / %.3f = %.2fx,"
                        + " p99 %.3f / %.3f = %.2fx (errors %d / %d)%n", roundRate,
                        pair[1].beyondDelayMs(50, delay), pair[0].beyondDelayMs(50, delay),
                        pair[1].beyondDelayMs(50, delay) / pair[0].beyondDelayMs(50, delay),
                        pair[1].beyondDelayMs(99, delay), pair[0].beyondDelayMs(99, delay),
                        pair[1].beyondDelayMs(99, delay) / pair[0].beyondDelayMs(99, delay), pair[1].errors(), pair[0].errors());
            }
        });
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.3f", ms);
    }

    static String uptime() {
        try {
            return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).strip();
        } catch (java.io.IOException e) {
            return "(uptime unavailable)";
        }
    }

    /**
     * Copies the six packaged apps to {@code bench/target/gateway-bench-snapshot} and runs them from there: on a machine
     * where others rebuild modules, a {@code target/quarkus-app} can be rewritten in the middle of a run.
     * {@code gatewayApp}, when set, is the gateway's {@code quarkus-app} folder to use instead (e.g. one built from a
     * clean export, to measure a change alone).
     */
    private static Path snapshot(Path checkout, String gatewayApp) throws java.io.IOException {
        Path root = checkout.resolve("bench/target/gateway-bench-snapshot");
        for (String module : List.of("replay-provider", "cost-ledger-service", "inference-worker", "cache-service", "router-service",
                "gateway-service")) {
            Path from = module.equals("gateway-service") && !gatewayApp.isEmpty() ? Path.of(gatewayApp)
                    : checkout.resolve(module).resolve("target/quarkus-app");
            Path to = root.resolve(module).resolve("target/quarkus-app");
            if (Files.exists(to)) {
                try (var old = Files.walk(to)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (var files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            System.out.println("snapshot " + module + " from " + from + " (jar of " + Files.getLastModifiedTime(from.resolve("quarkus-run.jar")) + ")");
        }
        return root;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("tollgate"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the Tollgate checkout (no ./tollgate found above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }
}
