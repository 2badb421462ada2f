package io.tollgate.router;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real replay provider (replay-provider's built jar) as a separate process on a free port and points the
 * test catalogue's {@code ${TOLLGATE_REPLAY_BASE_URL}} at it. When the jar has not been built, tests that need it are
 * skipped ({@link #available()}), and build it with {@code ./mvnw -q -pl replay-provider install -DskipTests}.
 */
public class ReplayProvider implements QuarkusTestResourceLifecycleManager {
    static final Path JAR = Path.of("../replay-provider/target/quarkus-app/quarkus-run.jar");
    private static volatile boolean up;
    private Process process;

    public static boolean available() {
        return up;
    }

    @Override
    public Map<String, String> start() {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        if (!Files.isRegularFile(JAR)) {
            return Map.of("TOLLGATE_REPLAY_BASE_URL", base + "/v1");
        }
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    "-Dtollgate.replay.datasets-dir=" + Path.of("../../shared/datasets").toAbsolutePath().normalize(),
                    // instant answers; the timeout fault holds longer than the router's test timeout (5 s)
                    "-Dtollgate.replay.latency-scale=0", "-Dtollgate.replay.timeout-fault-hold-ms=15000",
                    "-jar", JAR.toString()))
                    .redirectErrorStream(true).redirectOutput(Path.of("target/replay-provider.log").toFile()).start();
            waitReady(base);
            up = true;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("replay provider did not start; see target/replay-provider.log", e);
        }
        return Map.of("TOLLGATE_REPLAY_BASE_URL", base + "/v1");
    }

    private void waitReady(String base) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        // the provider loads its recordings at start; allow two minutes on a busy machine
        for (int i = 0; i < 240 && process.isAlive(); i++) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("replay provider not ready; see target/replay-provider.log");
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
