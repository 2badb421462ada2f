package io.tollgate.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * Open-loop load generator for {@code POST /v1/chat/completions} of any OpenAI-compatible endpoint (Tollgate, or another
 * gateway for a side-by-side run).
 *
 * <p>Requests leave on a fixed schedule (one every 1/rate seconds) whatever the responses do, and latency is measured
 * from each request's <em>intended</em> send time: a stall in the target, or in this generator, shows up as latency
 * instead of lowering the load (no coordinated omission). HTTP/1.1 with keep-alive, as OpenAI clients use it.
 *
 * <p>Standalone run (services up; {@link GatewayBench} starts them itself):
 * <pre>
 * ./mvnw -q -pl bench install -DskipTests
 * ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.load.OpenLoopLoad \
 *     -Dexec.args="--url=http://localhost:8080 --key=tg-demo-acme-search --rate=50 --duration=30s --hit-ratio=0.5"
 * </pre>
 * Options (defaults): {@code --url} (http://localhost:8080), {@code --key} (tg-demo-acme-search), {@code --model}
 * (gpt-4o-mini), {@code --rate} requests per second (50), {@code --duration} (30s), {@code --warmup} (5s, sent but not
 * recorded), {@code --hit-ratio} share of exact hits (0.5), {@code --semantic-ratio} share of semantic hits (0),
 * {@code --hot-prompts} (16, sent once before the run), {@code --timeout} per request (30s), {@code --client}
 * ({@code jdk} or {@code vertx}, see {@link LoadClient}).
 */
public final class OpenLoopLoad {
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);
    /** Overhead histogram in microseconds: ms resolution would flatten everything under 1 ms. */
    static final long MAX_OVERHEAD_MICROS = TimeUnit.MINUTES.toMicros(2);

    /** Where requests go: {@code baseUrl + /v1/chat/completions} with these headers and this model. */
    public record Target(String name, String baseUrl, Map<String, String> headers, String model) {
        URI uri() {
            return URI.create(baseUrl + "/v1/chat/completions");
        }

        public Target withHeader(String name, String value) {
            Map<String, String> copy = new HashMap<>(headers);
            copy.put(name, value);
            return new Target(this.name, baseUrl, copy, model);
        }
    }

    private final LoadClient http;
    private final Duration timeout;

    /** One client for a whole benchmark: connections are reused across runs, as a real client would. */
    public OpenLoopLoad(LoadClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public String clientName() {
        return http.name();
    }

    /** Sends one request and waits: for priming hot prompts and checking what the target answers. */
    public LoadClient.Reply sendOnce(Target target, String prompt) throws Exception {
        return sendOnce(target, prompt, timeout);
    }

    /** With its own timeout: the first requests to cold services (model loading, JIT) may take far longer. */
    public LoadClient.Reply sendOnce(Target target, String prompt, Duration timeout) throws Exception {
        return send(target, prompt, timeout).get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    }

    /** Runs so far: each run draws its prompts from its own seed. */
    private final AtomicLong runs = new AtomicLong();

    /** Runs {@code warmup + duration} at {@code rate} requests per second; records only after the warm-up. */
    public LoadResult run(Target target, PromptMix mix, double rate, Duration warmup, Duration duration) throws InterruptedException {
        Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
        Recorder overhead = new Recorder(MAX_OVERHEAD_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> cacheHeaders = new ConcurrentHashMap<>();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();

        long intervalNanos = (long) (1e9 / rate);
        long warmupNanos = warmup.toNanos();
        long total = (warmupNanos + duration.toNanos()) / intervalNanos;
        CountDownLatch done = new CountDownLatch((int) total);
        // a new seed per run: a miss run must not replay the prompts an earlier run already cached
        SplittableRandom random = new SplittableRandom(42 + runs.getAndIncrement());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long maxSendLagNanos = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            boolean recorded = intended - start >= warmupNanos;
            String prompt = mix.next(random);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (recorded) {
                maxSendLagNanos = Math.max(maxSendLagNanos, System.nanoTime() - intended);
            }
            send(target, prompt).whenComplete((response, failure) -> {
                if (recorded) {
                    latency.recordValue(Math.min(MAX_LATENCY_NANOS, System.nanoTime() - intended));
                    if (failure != null || response.status() >= 300) {
                        errors.incrementAndGet();
                        String kind = failure != null ? failure.getClass().getSimpleName() : "http " + response.status();
                        errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                    } else {
                        ok.incrementAndGet();
                        response.header("x-tollgate-cache")
                                .ifPresent(v -> cacheHeaders.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet());
                        response.header("x-tollgate-overhead-ms").ifPresent(v ->
                                overhead.recordValue(Math.min(MAX_OVERHEAD_MICROS, Math.round(Double.parseDouble(v) * 1000))));
                    }
                }
                done.countDown();
            });
        }
        long sendEnd = System.nanoTime();
        done.await(timeout.toNanos() + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        return new LoadResult(target.name(), mix.describe(), rate, (sendEnd - start - warmupNanos) / 1e9, ok.get(), errors.get(),
                toMap(cacheHeaders), toMap(errorKinds), latency.getIntervalHistogram(), overhead.getIntervalHistogram(),
                maxSendLagNanos);
    }

    private CompletableFuture<LoadClient.Reply> send(Target target, String prompt) {
        return send(target, prompt, timeout);
    }

    private CompletableFuture<LoadClient.Reply> send(Target target, String prompt, Duration timeout) {
        // temperature 0: the cache stores only deterministic requests (temperature 0 or a seed); others bypass it.
        String body = "{\"model\":\"" + target.model() + "\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
        return http.post(target.uri(), target.headers(), body, timeout);
    }

    private static Map<String, Long> toMap(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("url", "http://localhost:8080", "key", "tg-demo-acme-search",
                "model", "gpt-4o-mini", "rate", "50", "duration", "30s", "warmup", "5s", "hit-ratio", "0.5",
                "semantic-ratio", "0", "hot-prompts", "16", "timeout", "30s"));
        options.put("client", "jdk");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        Target target = new Target("tollgate", options.get("url"), Map.of("Authorization", "Bearer " + options.get("key")),
                options.get("model"));
        PromptMix mix = PromptMix.of(Double.parseDouble(options.get("hit-ratio")), Double.parseDouble(options.get("semantic-ratio")),
                Integer.parseInt(options.get("hot-prompts")));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
                LoadClient client = LoadClient.named(options.get("client"), executor)) {
            OpenLoopLoad load = new OpenLoopLoad(client, parse(options.get("timeout")));
            for (String hot : mix.hotPrompts()) {
                load.sendOnce(target, hot); // prime: later sends of this prompt are exact hits
            }
            LoadResult result = load.run(target, mix, Double.parseDouble(options.get("rate")), parse(options.get("warmup")),
                    parse(options.get("duration")));
            System.out.println(result.describe());
        }
    }

    /** "30s", "500ms", "2m" or plain seconds. */
    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofNanos((long) (Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v) * 1e9));
    }
}
