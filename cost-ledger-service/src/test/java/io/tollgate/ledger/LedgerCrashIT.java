package io.tollgate.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.LedgerAppender;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;

/**
 * The packaged ledger ({@code target/quarkus-app/quarkus-run.jar}) as a real process on PostgreSQL, in a schema of its
 * own: killed with SIGKILL under load and restarted. Run: {@code ./mvnw -pl cost-ledger-service verify} (the slow tier).
 */
@Tag("slow")
class LedgerCrashIT {
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    final String schema = "ledger_it_" + Ids.newId().substring(24).replace("-", "");
    final int http = freePort();
    final int grpc = freePort();
    Process ledger;
    ManagedChannel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (ledger != null) {
            ledger.destroyForcibly().waitFor();
        }
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", null); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void everyAcknowledgedEventSurvivesAKillNineExactlyOnce() throws Exception {
        start();
        LedgerServiceGrpc.LedgerServiceBlockingStub stub = stub();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            senders.add(Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    AppendRequest batch = batch(200);
                    // like the appender: the same batch until it is answered (the ledger de-duplicates by event id)
                    while (true) {
                        try {
                            AppendResponse r = stub.withDeadlineAfter(5, TimeUnit.SECONDS).append(batch);
                            assertEquals(0, r.getRejectedCount());
                            assertEquals(batch.getEventsCount(), r.getAccepted() + r.getDuplicates());
                            batch.getEventsList().forEach(e -> acknowledged.add(e.getEventId()));
                            break;
                        } catch (io.grpc.StatusRuntimeException e) {
                            failures.incrementAndGet();
                            sleep(100);
                        }
                    }
                }
            }));
        }
        waitFor("load before the kill", () -> acknowledged.size() > 5_000);
        ledger.destroyForcibly().waitFor(); // SIGKILL mid-load: transactions in flight are cut
        long atKill = acknowledged.size();
        start();
        waitFor("load after the restart", () -> acknowledged.size() > atKill + 5_000);
        running.set(false);
        for (Thread t : senders) {
            t.join();
        }
        assertTrue(failures.get() > 0, "the kill interrupted the load");
        try (Connection c = DriverManager.getConnection(JDBC + "?currentSchema=" + schema, "postgres", null);
                Statement s = c.createStatement()) {
            s.execute("create temp table acked (event_id varchar(64) primary key)");
            try (var ps = c.prepareStatement("insert into acked values (?)")) {
                for (String id : acknowledged) {
                    ps.setString(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            assertEquals(acknowledged.size(), count(s, "select count(*) from acked a join cost_event e using (event_id)"),
                    "every acknowledged event is stored");
            assertEquals(count(s, "select count(*) from cost_event"),
                    count(s, "select coalesce(sum(events), 0) from cost_rollup_hourly"),
                    "the rollup counts every stored event once, none of a cut transaction");
            assertEquals(count(s, "select coalesce(sum(input_tokens), 0) from cost_event"),
                    count(s, "select coalesce(sum(input_tokens), 0) from cost_rollup_hourly"));
        }
    }

    @Test
    void theAppendersOutboxDrainsWhenTheLedgerComesBack(@TempDir Path outbox) throws Exception {
        start();
        ledger.destroyForcibly().waitFor(); // the schema exists; the ledger is down
        LedgerServiceGrpc.LedgerServiceBlockingStub stub = stub();
        LedgerAppender appender = LedgerAppender.builder(r -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).append(r))
                .outbox(outbox).build();
        long tokens = 0;
        for (int i = 0; i < 20_000; i++) {
            CostEvent e = event(i % 1000);
            tokens += e.getInputTokens();
            appender.record(e);
        }
        sleep(1_000);
        assertEquals(20_000, appender.queued(), "nothing acknowledged while the ledger is down");
        start();
        waitFor("outbox drained", () -> appender.queued() == 0);
        appender.close();
        assertEquals(0, appender.droppedCount());
        try (Connection c = DriverManager.getConnection(JDBC + "?currentSchema=" + schema, "postgres", null);
                Statement s = c.createStatement()) {
            assertEquals(20_000, count(s, "select count(*) from cost_event"));
            assertEquals(tokens, count(s, "select sum(input_tokens) from cost_rollup_hourly"));
        }
        try (var files = Files.list(outbox)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("seg-")).count());
        }
    }

    void start() throws Exception {
        File jar = new File("target/quarkus-app/quarkus-run.jar");
        assertTrue(jar.isFile(), "package the ledger first: ./mvnw -pl cost-ledger-service verify");
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m",
                "-Dquarkus.http.port=" + http, "-Dquarkus.grpc.server.port=" + grpc, "-jar", jar.getPath());
        pb.environment().put("TOLLGATE_LEDGER_STORE", "postgresql");
        pb.environment().put("TOLLGATE_LEDGER_SCHEMA", schema);
        pb.redirectErrorStream(true).redirectOutput(new File("target/ledger-crash-it-" + schema + ".log"));
        ledger = pb.start();
        waitFor("ledger ready", () -> ready(http));
    }

    LedgerServiceGrpc.LedgerServiceBlockingStub stub() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().build();
        }
        return LedgerServiceGrpc.newBlockingStub(channel);
    }

    static boolean ready(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2_000);
            return c.getResponseCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static AppendRequest batch(int n) {
        AppendRequest.Builder b = AppendRequest.newBuilder();
        for (int i = 0; i < n; i++) {
            b.addEvents(event(i));
        }
        return b.build();
    }

    static CostEvent event(long tokens) {
        return LedgerTestSupport.generate(Ids.newId(), "crash-it", "gpt-4o-mini", tokens, 0, 10).build();
    }

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void waitFor(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
