package io.tollgate.suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the suite's processes (real JVMs, real ports, real gRPC between them) and stops them.
 *
 * <p>All six start at once and are then awaited: on 2 cores the JVMs' start-up overlaps with each other's I/O.
 * A service that does not become ready in time fails the start with the tail of its log.
 */
public final class Suite implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final SuiteOptions options;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Suite(SuiteOptions options) {
        this.options = options;
    }

    public static Suite start(SuiteOptions options) throws IOException, InterruptedException {
        Suite suite = new Suite(options);
        try {
            suite.launchAll();
            suite.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            suite.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(suite::close, "tollgate-suite-stop"));
        return suite;
    }

    public SuiteOptions options() {
        return options;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + options.gatewayHttp();
    }

    public String ledgerUrl() {
        return "http://127.0.0.1:" + options.ledgerHttp();
    }

    public String url(String service) {
        return specs.get(service).url();
    }

    public int grpcPort(String service) {
        return specs.get(service).grpcPort();
    }

    public Map<String, ServiceSpec> specs() {
        return specs;
    }

    public Path logFile(String service) {
        return options.runDir().resolve("logs").resolve(service + ".log");
    }

    public boolean isAlive(String service) {
        Process p = processes.get(service);
        return p != null && p.isAlive();
    }

    /** The OS process id of a running service (for RSS sampling or {@code jcmd}), or -1 when it is not running. */
    public long pid(String service) {
        Process p = processes.get(service);
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    private void launchAll() throws IOException {
        Path logs = options.runDir().resolve("logs");
        Files.createDirectories(logs);
        Files.createDirectories(options.runDir().resolve("data"));
        String java = ProcessHandle.current().info().command().orElse("java");
        for (ServiceSpec spec : options.services()) {
            Path jar = options.repoRoot().resolve(spec.module()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": build first with ./tollgate build (or ./mvnw -DskipTests package)");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            cmd.add("-Xms32m");
            cmd.add("-Xmx" + spec.heapMb() + "m");
            cmd.addAll(ServiceSpec.COMMON_JVM_FLAGS);
            cmd.addAll(spec.jvmFlags());
            // Extra JVM flags for every service (profiling, JIT or GC experiments), e.g. TOLLGATE_JVM_OPTS="-XX:TieredStopAtLevel=1".
            String extra = System.getenv("TOLLGATE_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                cmd.addAll(List.of(extra.strip().split("\\s+")));
            }
            cmd.add("-Dquarkus.http.port=" + spec.httpPort());
            cmd.add("-Dquarkus.http.host=127.0.0.1");
            if (spec.grpcPort() > 0) {
                cmd.add("-Dquarkus.grpc.server.port=" + spec.grpcPort());
                cmd.add("-Dquarkus.grpc.server.host=127.0.0.1");
            }
            cmd.add("-Dquarkus.vertx.event-loops-pool-size=2");
            cmd.add("-Dquarkus.thread-pool.core-threads=2");
            cmd.add("-Dquarkus.thread-pool.max-threads=" + spec.maxThreads());
            cmd.add("-Dquarkus.devservices.enabled=false");
            // Graceful shutdown: on SIGTERM stop taking requests, finish in-flight ones (up to 30 s), flush the ledger appender.
            cmd.add("-Dquarkus.shutdown.timeout=30s");
            // prod plus "demo": the demo API keys and finance key exist only in this profile, never in a plain prod run.
            cmd.add("-Dquarkus.profile=prod,demo");
            spec.properties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-jar");
            cmd.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(options.repoRoot().toFile());
            // glibc gives every thread that allocates its own malloc arena (64 MiB reservations, kept after use):
            // two arenas keep native memory near what is live (ONNX Runtime, Netty, JIT).
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            pb.redirectErrorStream(true).redirectOutput(logs.resolve(spec.name() + ".log").toFile());
            processes.put(spec.name(), pb.start());
            specs.put(spec.name(), spec);
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (ServiceSpec spec : specs.values()) {
            while (!ready(spec)) {
                Process p = processes.get(spec.name());
                if (!p.isAlive()) {
                    throw new IllegalStateException(spec.name() + " exited with " + p.exitValue() + ":\n" + tail(spec.name()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(spec.name() + " not ready after " + READY_TIMEOUT + ":\n" + tail(spec.name()));
                }
                Thread.sleep(250);
            }
        }
    }

    private boolean ready(ServiceSpec spec) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(spec.url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public String tail(String service) {
        try {
            List<String> lines = Files.readAllLines(logFile(service));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (graceful: services drain and flush their ledger outbox), then SIGKILL after 15 s. Gateway first. */
    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            processes.get(name).destroy();
        }
        for (String name : names) {
            Process p = processes.get(name);
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    /** SIGTERM to one service, as Kubernetes does on a rolling upgrade; returns its exit code, or -1 if it did not stop in time. */
    public int terminate(String service, Duration timeout) throws InterruptedException {
        Process p = processes.get(service);
        p.destroy();
        return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
    }

    /** Kills one service hard (kill -9), for failure tests. */
    public void kill(String service) throws InterruptedException {
        Process p = processes.get(service);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
