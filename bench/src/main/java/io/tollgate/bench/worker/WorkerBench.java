package io.tollgate.bench.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.contracts.worker.v1.EmbedRequest;
import io.tollgate.contracts.worker.v1.InferenceServiceGrpc;
import io.tollgate.worker.batch.BatchPolicy;
import io.tollgate.worker.batch.DynamicBatcher;
import io.tollgate.worker.batch.Priority;
import io.tollgate.worker.runtime.ModelSpec;
import io.tollgate.worker.runtime.ModelSpecs;
import io.tollgate.worker.runtime.OnnxEmbedder;
import io.tollgate.worker.runtime.SessionOptionsFactory;
import io.tollgate.worker.runtime.Tokenized;

/**
 * Worker throughput in one run: (1) raw in-process ORT at batch sizes 1..128, (2) the dynamic batcher in-process with
 * 1/8/32/128 concurrent clients, batching off and on, fp32 and int8, (3) optionally the worker over gRPC
 * ({@code --grpc host:port}) with the same client counts, at that worker's own batching config.
 *
 * <p>Run: {@code ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.worker.WorkerBench
 * -Dexec.args="--seconds 5 --threads 0 [--grpc localhost:9083 [--grpc-only] [--grpc-warmup 60]]"}
 */
public final class WorkerBench {
    static final String[] TEXTS = {
            "How do I reset my password?",
            "What is the refund policy for annual plans bought through a reseller?",
            "Summarise the attached quarterly report in three bullet points.",
            "hello",
            "Translate 'good morning' into French, Spanish and German.",
            "Which model is the cheapest one that still answers code questions well?",
            "ok thanks",
            "Explain the difference between a semantic cache and an exact cache for LLM responses in two paragraphs." };

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 5);
        int threads = intArg(args, "--threads", 0);
        String grpc = strArg(args, "--grpc", null);
        boolean grpcOnly = List.of(args).contains("--grpc-only");
        System.out.printf("machine: %d cpus, java %s; %d s per point, intra-op threads %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds, threads == 0 ? "ORT default" : threads);
        for (ModelSpec spec : grpcOnly ? List.<ModelSpec>of() : ModelSpecs.builtins(BatchPolicy.unbatched(4096), "bench")) {
            try (OnnxEmbedder model = OnnxEmbedder.load(spec, SessionOptionsFactory.cpu(threads))) {
                raw(model, seconds);
                for (boolean batching : new boolean[] { false, true }) {
                    BatchPolicy policy = batching ? new BatchPolicy(32, List.of(8, 16), Duration.ofMillis(2), 4096) : BatchPolicy.unbatched(4096);
                    try (DynamicBatcher batcher = new DynamicBatcher(spec.name(), policy, 1, model::embed, new SimpleMeterRegistry())) {
                        for (int clients : new int[] { 1, 8, 32, 128 }) {
                            Tokenized[] toks = model.tokenize(List.of(TEXTS), "inputs").toArray(Tokenized[]::new);
                            load(spec.name() + " batcher " + (batching ? "on " : "off"), clients, seconds,
                                    i -> batcher.submit("bench", List.of(toks[i % toks.length]), Priority.INTERACTIVE, null).join());
                        }
                    }
                }
            }
        }
        if (grpc != null) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(grpc).usePlaintext().build();
            InferenceServiceGrpc.InferenceServiceBlockingStub stub = InferenceServiceGrpc.newBlockingStub(channel);
            // The worker is a fresh JVM: until its JIT has compiled the gRPC, Netty and protobuf paths (minutes when it
            // shares two cores with the client) every request also pays for the compiler. Not recorded.
            int warmup = intArg(args, "--grpc-warmup", 60);
            for (String model : new String[] { ModelSpecs.MINILM, ModelSpecs.MINILM_Q }) {
                load(model + " gRPC warm-up", 32, warmup / 2, i -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).embed(EmbedRequest.newBuilder()
                        .setModel(model).addInputs(TEXTS[i % TEXTS.length]).setSkipCostEvent(true).build()));
            }
            for (String model : new String[] { ModelSpecs.MINILM, ModelSpecs.MINILM_Q }) {
                for (int clients : new int[] { 1, 8, 32, 128 }) {
                    load(model + " gRPC", clients, seconds, i -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).embed(EmbedRequest.newBuilder()
                            .setModel(model).addInputs(TEXTS[i % TEXTS.length]).setSkipCostEvent(true).build()));
                }
            }
            channel.shutdownNow();
        }
    }

    static void raw(OnnxEmbedder model, int seconds) throws Exception {
        for (int size : new int[] { 1, 2, 4, 8, 16, 32, 64, 128 }) {
            List<Tokenized> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                batch.add(model.tokenize(List.of(TEXTS[i % TEXTS.length]), "inputs").get(0));
            }
            model.embed(batch);
            Histogram h = new Histogram(3);
            long texts = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long start = System.nanoTime();
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                model.embed(batch);
                h.recordValue((System.nanoTime() - t0) / 1000);
                texts += size;
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-22s raw ORT batch %3d: %8.0f texts/s  p50 %6d us  p99 %6d us%n", model.spec().name(), size,
                    texts / secs, h.getValueAtPercentile(50), h.getValueAtPercentile(99));
        }
    }

    interface Call {
        void run(int i) throws Exception;
    }

    static void load(String label, int clients, int seconds, Call call) throws InterruptedException {
        Histogram h = new Histogram(60_000_000L, 3);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            Thread.ofPlatform().daemon().start(() -> {
                Histogram local = new Histogram(60_000_000L, 3);
                int i = offset;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run(i++);
                        local.recordValue((System.nanoTime() - t0) / 1000);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                synchronized (h) {
                    h.add(local);
                }
                finished.countDown();
            });
        }
        finished.await();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-32s clients %3d: %8.0f req/s  p50 %7d us  p99 %7d us  failed %d%n", label, clients, done.get() / secs,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), failed.get());
    }

    static int intArg(String[] args, String name, int dflt) {
        String v = strArg(args, name, null);
        return v == null ? dflt : Integer.parseInt(v);
    }

    static String strArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }
}
