package io.tollgate.suite;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.tollgate.suite.replay.Datasets;
import io.tollgate.suite.replay.Replay;
import io.tollgate.suite.replay.ReplayReport;
import io.tollgate.suite.replay.Workload;

/**
 * The main job.
 * <ul>
 * <li>{@code tollgate demo [--requests N] [--seconds S] [--stop]}: start the suite with embedded defaults, send a short
 * workload and print what it cost per stage, then replay a workload of real prompts at the arrival times of a real
 * trace and print (and write as HTML) what Tollgate saved; then keep serving until Ctrl-C, unless {@code --stop}.</li>
 * <li>{@code tollgate up}: start and keep serving.</li>
 * </ul>
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        String command = args.length > 0 ? args[0] : "demo";
        boolean stop = argv.contains("--stop");
        int requests = intOption(argv, "--requests", 300);
        double seconds = intOption(argv, "--seconds", 60);
        Path root = Path.of(System.getProperty("tollgate.root", ".")).toAbsolutePath().normalize();
        SuiteOptions options = SuiteOptions.embedded(root);
        System.out.println("Starting Tollgate (embedded defaults: in-process cache store, embedded ledger database)...");
        long t0 = System.nanoTime();
        try (Suite suite = Suite.start(options)) {
            System.out.printf("Ready in %.1f s. Logs in %s%n%n", (System.nanoTime() - t0) / 1e9, options.runDir().resolve("logs"));
            if (command.equals("demo")) {
                System.out.println("1) A short workload: misses, then the same questions again (exact hits).");
                Demo.run(suite, System.out);
                System.out.println();
                if (requests > 0) {
                    replay(suite, root, requests, seconds);
                }
                System.out.println();
            }
            printUrls(suite);
            if (stop) {
                System.out.println("--stop given: stopping the suite.");
                return;
            }
            System.out.println("The suite keeps running; press Ctrl-C to stop it.");
            Thread.currentThread().join();
        }
    }

    static void replay(Suite suite, Path root, int requests, double seconds) throws Exception {
        Datasets data = new Datasets(Datasets.locate(root));
        List<Workload.Item> items = Workload.build(data, requests, seconds, 42);
        System.out.printf("2) Replaying %d requests of real prompts (RouterBench, ShareGPT, Quora pairs) at Azure-trace arrival times over %.0f s%n",
                items.size(), seconds);
        long t0 = System.nanoTime();
        List<Replay.Result> results = Replay.run(suite.gatewayUrl(), items, System.out);
        double wall = (System.nanoTime() - t0) / 1e9;
        ReplayReport report = ReplayReport.collect(results, wall, new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl()), Demo.FINANCE_KEY);
        report.print(System.out);
        Path html = report.writeHtml(suite.options().runDir().resolve("report"));
        System.out.println("HTML report: " + html.toAbsolutePath());
    }

    private static int intOption(List<String> argv, String name, int dflt) {
        int i = argv.indexOf(name);
        return i >= 0 && i + 1 < argv.size() ? Integer.parseInt(argv.get(i + 1)) : dflt;
    }

    static void printUrls(Suite suite) {
        System.out.println("Tollgate is serving:");
        System.out.printf("  gateway (OpenAI-compatible API)  %s/v1/chat/completions  (key: %s)%n", suite.gatewayUrl(), Demo.ACME_SEARCH);
        System.out.printf("  finance dashboard                %s/dashboard/%n", suite.ledgerUrl());
        System.out.printf("  ledger finance API               %s/v1/finance/spend, /v1/requests/{id}/costs, OpenAPI at /q/openapi (key: %s)%n",
                suite.ledgerUrl(), Demo.FINANCE_KEY);
        for (ServiceSpec s : suite.specs().values()) {
            System.out.printf("  %-9s health %s/q/health  metrics %s/q/metrics%s%n", s.name(), s.url(), s.url(),
                    s.grpcPort() > 0 ? "  gRPC :" + s.grpcPort() : "");
        }
    }
}
