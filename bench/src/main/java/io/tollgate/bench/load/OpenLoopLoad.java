package io.tollgate.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load generator for {@code POST /v1/chat/completions}.
 *
 * <p>Run (gateway, cache and router up):
 * <pre>
 * ./mvnw -q -pl bench package -DskipTests
 * ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.load.OpenLoopLoad \
 *     -Dexec.args="--url=http://localhost:8080 --key=tg-demo-acme-search --rate=50 --duration=30s --hit-ratio=0.5"
 * </pre>
 * Options (defaults): {@code --url} (http://localhost:8080), {@code --key} (tg-demo-acme-search), {@code --rate}
 * requests per second (50), {@code --duration} (30s), {@code --warmup} (5s, not recorded), {@code --hit-ratio} share of
 * requests that repeat one of {@code --hot-prompts} (16) prompts sent once before the run so they are exact hits
 * (0.5); the rest are unique prompts, hence misses. {@code --timeout} per request (60s).
 *
 * <p>Reports HdrHistogram p50/p90/p99/p99.9/max of latency from the <em>intended</em> send time, achieved throughput,
 * errors (non-2xx and transport failures), the cache-header mix, and the percentiles of {@code x-tollgate-overhead-ms}.
 */
public final class OpenLoopLoad {
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);
    /** Overhead histogram in microseconds: ms resolution would flatten everything under 1ms. */
    private static final long MAX_OVERHEAD_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final Map<String, String> options;
    private final HttpClient http;
    private final Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
    private final Recorder overhead = new Recorder(MAX_OVERHEAD_MICROS, 3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Map<String, AtomicLong> cacheHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    private OpenLoopLoad(Map<String, String> options, ExecutorService executor) {
        this.options = options;
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("url", "http://localhost:8080", "key", "tg-demo-acme-search",
                "rate", "50", "duration", "30s", "warmup", "5s", "hit-ratio", "0.5", "hot-prompts", "16", "timeout", "60s"));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            new OpenLoopLoad(options, executor).run();
        }
    }

    private void run() throws InterruptedException {
        double rate = Double.parseDouble(options.get("rate"));
        double hitRatio = Double.parseDouble(options.get("hit-ratio"));
        int hot = Integer.parseInt(options.get("hot-prompts"));
        long warmupNanos = seconds(options.get("warmup"));
        long runNanos = seconds(options.get("duration"));
        String[] hotPrompts = new String[hot];
        for (int i = 0; i < hot; i++) {
            hotPrompts[i] = "Tollgate load test, hot prompt " + i + ": explain a token bucket in one sentence.";
            send(hotPrompts[i]).join(); // prime: later sends of this prompt are exact hits
        }
        long intervalNanos = (long) (1e9 / rate);
        long total = (long) ((warmupNanos + runNanos) / (double) intervalNanos);
        CountDownLatch done = new CountDownLatch((int) total);
        SplittableRandom random = new SplittableRandom(42);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            boolean recorded = intended - start >= warmupNanos;
            String prompt = random.nextDouble() < hitRatio ? hotPrompts[random.nextInt(hot)]
                    : "Tollgate load test, unique prompt " + UUID.randomUUID() + ": summarise it.";
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            send(prompt).whenComplete((response, failure) -> {
                if (recorded) {
                    record(intended, response, failure);
                }
                done.countDown();
            });
        }
        long sendEnd = System.nanoTime();
        done.await(seconds(options.get("timeout")) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        report(rate, (sendEnd - start - warmupNanos) / 1e9);
    }

    private java.util.concurrent.CompletableFuture<HttpResponse<String>> send(String prompt) {
        String body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.get("url") + "/v1/chat/completions"))
                .timeout(Duration.ofNanos(seconds(options.get("timeout"))))
                .header("Authorization", "Bearer " + options.get("key"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void record(long intendedNanos, HttpResponse<String> response, Throwable failure) {
        latency.recordValue(Math.min(MAX_LATENCY_NANOS, System.nanoTime() - intendedNanos));
        if (failure != null || response.statusCode() >= 300) {
            errors.incrementAndGet();
            return;
        }
        ok.incrementAndGet();
        response.headers().firstValue("x-tollgate-cache")
                .ifPresent(v -> cacheHeaders.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet());
        response.headers().firstValue("x-tollgate-overhead-ms").ifPresent(v ->
                overhead.recordValue(Math.min(MAX_OVERHEAD_MICROS, (long) (Double.parseDouble(v) * 1000))));
    }

    private void report(double rate, double seconds) {
        Histogram l = latency.getIntervalHistogram();
        Histogram o = overhead.getIntervalHistogram();
        System.out.printf(Locale.ROOT, "target rate %.1f/s, measured %.1fs: %d ok, %d errors, throughput %.1f/s%n",
                rate, seconds, ok.get(), errors.get(), (ok.get() + errors.get()) / seconds);
        System.out.printf(Locale.ROOT, "cache headers %s%n", cacheHeaders);
        System.out.printf(Locale.ROOT, "latency ms (from intended send)  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(l, 50), ms(l, 90), ms(l, 99), ms(l, 99.9), l.getMaxValue() / 1e6);
        System.out.printf(Locale.ROOT, "x-tollgate-overhead-ms           p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n",
                o.getValueAtPercentile(50) / 1e3, o.getValueAtPercentile(90) / 1e3, o.getValueAtPercentile(99) / 1e3,
                o.getValueAtPercentile(99.9) / 1e3, o.getMaxValue() / 1e3);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** "30s", "500ms", "2m" or plain seconds. */
    private static long seconds(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("m")) {
            return TimeUnit.MINUTES.toNanos(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return (long) (Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v) * 1e9);
    }
}
