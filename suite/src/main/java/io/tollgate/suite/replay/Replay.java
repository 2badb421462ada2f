package io.tollgate.suite.replay;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends a workload through the gateway open-loop: each request leaves at its intended time whether or not earlier
 * ones have answered, and its latency is measured from that intended time (no coordinated omission).
 */
public final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one request. */
    public record Result(Workload.Item item, int status, double latencyMs, double overheadMs, String cache,
            double similarity, String servedModel, String requestId, String answer) {
        boolean hit() {
            return cache != null && cache.startsWith("hit");
        }
    }

    private Replay() {
    }

    public static List<Result> run(String gatewayUrl, List<Workload.Item> items, PrintStream progress) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        List<CompletableFuture<Result>> futures = new ArrayList<>(items.size());
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        for (Workload.Item item : items) {
            long intended = start + (long) (item.atSeconds() * 1e9);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(120))
                    .header("authorization", "Bearer " + item.apiKey())
                    .header("content-type", "application/json")
                    .header("x-tollgate-cache", "semantic")
                    .POST(HttpRequest.BodyPublishers.ofString(body(item))).build();
            futures.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((r, err) -> {
                        double latency = (System.nanoTime() - intended) / 1e6;
                        int n = done.incrementAndGet();
                        if (progress != null && (n % 5 == 0 || n == items.size())) {
                            bar(progress, n, items.size(), (System.nanoTime() - start) / 1e9);
                        }
                        return err != null ? new Result(item, 0, latency, 0, null, 0, null, null, String.valueOf(err))
                                : toResult(item, r, latency);
                    }));
        }
        List<Result> results = new ArrayList<>(items.size());
        for (CompletableFuture<Result> f : futures) {
            results.add(f.join());
        }
        if (progress != null) {
            progress.println();
        }
        return results;
    }

    private static String body(Workload.Item item) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "auto");
        body.put("temperature", 0);
        body.putArray("messages").addObject().put("role", "user").put("content", item.prompt());
        return body.toString();
    }

    private static Result toResult(Workload.Item item, HttpResponse<String> r, double latencyMs) {
        String model = null;
        String answer = null;
        try {
            JsonNode body = JSON.readTree(r.body());
            model = body.path("model").asText(null);
            answer = body.path("choices").path(0).path("message").path("content").asText(null);
        } catch (Exception ignored) {
            // an error body without JSON: counted as an error by its status
        }
        return new Result(item, r.statusCode(), latencyMs,
                parse(r.headers().firstValue("x-tollgate-overhead-ms").orElse(null)),
                r.headers().firstValue("x-tollgate-cache").orElse(null),
                parse(r.headers().firstValue("x-tollgate-cache-similarity").orElse(null)),
                model, r.headers().firstValue("x-request-id").orElse(null), answer);
    }

    private static double parse(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static synchronized void bar(PrintStream out, int done, int total, double elapsed) {
        int width = 40;
        int filled = (int) ((long) done * width / total);
        out.print("\r  [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
                + String.format(" %.0f s", elapsed));
        out.flush();
    }
}
