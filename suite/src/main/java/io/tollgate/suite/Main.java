package io.tollgate.suite;

import java.nio.file.Path;

/**
 * {@code tollgate demo [--stop]}: start the suite with embedded defaults, send a short workload, print what it cost
 * per stage, then keep serving (Ctrl-C stops everything) unless {@code --stop}.
 * {@code tollgate up}: start and keep serving.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "demo";
        boolean stop = java.util.Arrays.asList(args).contains("--stop");
        Path root = Path.of(System.getProperty("tollgate.root", ".")).toAbsolutePath().normalize();
        SuiteOptions options = SuiteOptions.embedded(root);
        System.out.println("Starting Tollgate (embedded defaults: in-process cache store, embedded ledger database)...");
        long t0 = System.nanoTime();
        try (Suite suite = Suite.start(options)) {
            System.out.printf("Ready in %.1f s. Logs in %s%n%n", (System.nanoTime() - t0) / 1e9, options.runDir().resolve("logs"));
            if (command.equals("demo")) {
                Demo.run(suite, System.out);
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

    static void printUrls(Suite suite) {
        System.out.println("Tollgate is serving:");
        System.out.printf("  gateway (OpenAI-compatible API)  %s/v1/chat/completions  (key: %s)%n", suite.gatewayUrl(), Demo.ACME_SEARCH);
        System.out.printf("  ledger finance API               %s/v1/requests/{id}/costs (key: %s)%n", suite.ledgerUrl(), Demo.FINANCE_KEY);
        for (ServiceSpec s : suite.specs().values()) {
            System.out.printf("  %-9s health %s/q/health  metrics %s/q/metrics%s%n", s.name(), s.url(), s.url(),
                    s.grpcPort() > 0 ? "  gRPC :" + s.grpcPort() : "");
        }
    }
}
