package io.tollgate.bench.ledger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.contracts.ledger.v1.Stage;

/**
 * Two ledger measurements against a running ledger (see docs/benchmarks.md, "Cost ledger"):
 * <ol>
 * <li>{@code ingest}: 8 concurrent senders (as 8 services' appenders) push gRPC {@code Append} batches of 1024 (the appender's largest) fresh
 * events (built and serialized before the clock starts) for a fixed time; reports accepted events per second.</li>
 * <li>{@code query}: {@code GET /v1/finance/spend} for one month grouped by team and model, N times; reports latency
 * percentiles (the query reads the daily rollup).</li>
 * </ol>
 * Args: {@code ingest <grpcPort> <seconds> [senders] [batch]} or {@code query <httpPort> <tenant> <monthStartIso> [n]}.
 */
public final class LedgerBench {
    private static final String[] TEAMS = { "search", "support", "ads", "research", "billing", "mobile", "web", "data" };
    private static final String[] TENANTS = { "bench-0", "bench-1", "bench-2", "bench-3" };
    private static final String[] KEYS = java.util.stream.IntStream.range(0, 16).mapToObj(i -> "key-" + i).toArray(String[]::new);
    private static final String[] MODELS = { "gpt-4o-mini", "gpt-4o", "claude-3-5-haiku", "mistralai/mistral-7b-chat" };

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "ingest" -> ingest(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : 8, args.length > 4 ? Integer.parseInt(args[4]) : 1024);
            case "query" -> query(Integer.parseInt(args[1]), args[2], args[3], args.length > 4 ? Integer.parseInt(args[4]) : 30);
            default -> throw new IllegalArgumentException("ingest|query");
        }
    }

    static void ingest(int port, int seconds, int senders, int batchSize) throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        LedgerServiceGrpc.LedgerServiceBlockingStub stub = LedgerServiceGrpc.newBlockingStub(channel);
        // warm-up: JIT, connection pool, prepared statements
        for (int i = 0; i < 20; i++) {
            stub.append(batch(batchSize));
        }
        // Fresh events are built before the clock starts (enough for 90k events/s), so that the generator's share of
        // the 2 cores during the run is gRPC only, as for a service whose appender already holds its events.
        int prebuilt = (int) Math.ceil(90_000.0 * seconds / batchSize) + senders;
        // Serialized up front too: an appender replays its outbox's stored bytes, and a load generator that spends its
        // share of the 2 cores on protobuf encoding measures itself, not the ledger.
        java.util.concurrent.ConcurrentLinkedQueue<byte[]> ready = new java.util.concurrent.ConcurrentLinkedQueue<>();
        long buildStart = System.nanoTime();
        for (int i = 0; i < prebuilt; i++) {
            ready.add(batch(batchSize).toByteArray());
        }
        System.out.printf("built %d batches of %d fresh events in %.1f s%n", prebuilt, batchSize, (System.nanoTime() - buildStart) / 1e9);
        AtomicLong accepted = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            threads.add(Thread.ofPlatform().start(() -> {
                byte[] req;
                while (System.nanoTime() < end && (req = ready.poll()) != null) {
                    AppendResponse r = io.grpc.stub.ClientCalls.blockingUnaryCall(channel, APPEND_BYTES,
                            io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), req);
                    accepted.addAndGet(r.getAccepted());
                    batches.incrementAndGet();
                }
            }));
        }
        // the rate per 10 s window: a table that slows down as it grows shows here, not in the average
        Thread progress = Thread.ofPlatform().daemon().start(() -> {
            long last = 0;
            for (int window = 1; ; window++) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = accepted.get();
                System.out.printf("  %3d s: %,d events/s%n", window * 10, (now - last) / 10);
                last = now;
            }
        });
        for (Thread t : threads) {
            t.join();
        }
        progress.interrupt();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("ingest: %d senders x batches of %d: %d events accepted in %.1f s = %.0f events/s (%d batches)%n",
                senders, batchSize, accepted.get(), secs, accepted.get() / secs, batches.get());
        channel.shutdownNow();
    }

    /** {@code Append} with the request already serialized (the response parsed as usual). */
    private static final io.grpc.MethodDescriptor<byte[], AppendResponse> APPEND_BYTES = LedgerServiceGrpc.getAppendMethod()
            .toBuilder(new io.grpc.MethodDescriptor.Marshaller<byte[]>() {
                @Override
                public java.io.InputStream stream(byte[] value) {
                    return new java.io.ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(java.io.InputStream stream) {
                    throw new UnsupportedOperationException("requests only");
                }
            }, io.grpc.protobuf.ProtoUtils.marshaller(AppendResponse.getDefaultInstance())).build();

    static AppendRequest batch(int n) {
        AppendRequest.Builder b = AppendRequest.newBuilder();
        long now = Instant.now().toEpochMilli() * 1000;
        for (int i = 0; i < n; i++) {
            int k = (int) (Math.random() * 1_000_000);
            b.addEvents(CostEvent.newBuilder().setEventId(Ids.newId()).setRequestId(Ids.newId())
                    .setTimeUnixMicros(now).setTenant(TENANTS[k % 4]).setTeam(TEAMS[k % TEAMS.length])
                    .setApiKeyId(KEYS[k % 16]).setService("router").setProvider("openai")
                    .setModel(MODELS[k % MODELS.length]).setStage(Stage.STAGE_GENERATE).setInputTokens(200 + k % 800)
                    .setOutputTokens(50 + k % 400).setOutcome(Outcome.OUTCOME_ROUTED)
                    .setBaselineModel("gpt-4o").build());
        }
        return b.build();
    }

    static void query(int port, String tenant, String monthStart, int n) throws Exception {
        Instant from = Instant.parse(monthStart);
        Instant to = from.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/finance/spend?tenant="
                + tenant + "&group_by=team,model&from=" + from + "&to=" + to)).header("Authorization", "Bearer bench").build();
        String body = "";
        for (int i = 0; i < 5; i++) { // warm-up
            body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        }
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t0) / 1_000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
        }
        Arrays.sort(ms);
        int groups = body.split("\"group\"").length - 1;
        System.out.printf("query: month spend of %s by team,model (%d groups), %d runs: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                tenant, groups, n, ms[n / 2] / 1e3, ms[(int) (n * 0.95)] / 1e3, ms[n - 1] / 1e3);
    }
}
