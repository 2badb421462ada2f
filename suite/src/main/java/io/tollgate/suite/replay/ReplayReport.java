package io.tollgate.suite.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;

import io.tollgate.suite.GatewayClient;

/** What a replay cost and saved, from the ledger's own records, with quality and latency; printed and written as HTML. */
public final class ReplayReport {

    /** One request's ledger breakdown, reduced to what the report needs. */
    record Costs(BigDecimal cost, BigDecimal baseline, BigDecimal generateCost, BigDecimal generateBaseline,
            BigDecimal batchingSaved, Map<String, BigDecimal> byStage) {
    }

    private final List<Replay.Result> results;
    private final Map<String, Costs> costs = new LinkedHashMap<>();
    private final double wallSeconds;

    private ReplayReport(List<Replay.Result> results, double wallSeconds) {
        this.results = results;
        this.wallSeconds = wallSeconds;
    }

    public static ReplayReport collect(List<Replay.Result> results, double wallSeconds, GatewayClient ledger, String financeKey)
            throws IOException, InterruptedException {
        ReplayReport report = new ReplayReport(results, wallSeconds);
        Thread.sleep(500); // the appenders flush every 50 ms; let the last batches land
        for (Replay.Result r : results) {
            if (r.requestId() == null || r.status() != 200) {
                continue;
            }
            JsonNode c = ledger.requestCosts(r.requestId(), financeKey);
            for (int i = 0; c == null && i < 20; i++) {
                Thread.sleep(100);
                c = ledger.requestCosts(r.requestId(), financeKey);
            }
            if (c != null) {
                report.costs.put(r.requestId(), toCosts(c));
            }
        }
        return report;
    }

    private static Costs toCosts(JsonNode c) {
        Map<String, BigDecimal> byStage = new TreeMap<>();
        BigDecimal gen = BigDecimal.ZERO;
        BigDecimal genBase = BigDecimal.ZERO;
        BigDecimal batching = BigDecimal.ZERO;
        for (JsonNode s : c.path("stages")) {
            BigDecimal cost = dec(s.path("cost_usd"));
            batching = batching.add(dec(s.path("batching_saved_usd")));
            byStage.merge(s.path("stage").asText(), cost, BigDecimal::add);
            if ("generate".equals(s.path("stage").asText())) {
                gen = gen.add(cost);
                genBase = genBase.add(dec(s.path("baseline_cost_usd")));
            }
        }
        return new Costs(dec(c.path("total_cost_usd")), dec(c.path("total_baseline_cost_usd")), gen, genBase, batching, byStage);
    }

    private static BigDecimal dec(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? BigDecimal.ZERO : new BigDecimal(n.asText("0"));
    }

    BigDecimal total(java.util.function.Function<Costs, BigDecimal> f) {
        return costs.values().stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public void print(PrintStream out) {
        long ok = results.stream().filter(r -> r.status() == 200).count();
        long hits = results.stream().filter(Replay.Result::hit).count();
        long exact = results.stream().filter(r -> "hit-exact".equals(r.cache())).count();
        long semantic = results.stream().filter(r -> "hit-semantic".equals(r.cache())).count();
        long labelledSemantic = results.stream().filter(r -> "hit-semantic".equals(r.cache())
                && r.item().source() == Workload.Source.QQP_SECOND).count();
        long falseHits = results.stream().filter(r -> "hit-semantic".equals(r.cache())
                && r.item().source() == Workload.Source.QQP_SECOND && !r.item().duplicate()).count();
        long dupPairs = results.stream().filter(r -> r.item().source() == Workload.Source.QQP_SECOND && r.item().duplicate()).count();
        long dupHits = results.stream().filter(r -> r.item().source() == Workload.Source.QQP_SECOND && r.item().duplicate() && r.hit()).count();

        BigDecimal cost = total(Costs::cost);
        BigDecimal baseline = total(Costs::baseline);
        Map<String, BigDecimal> levers = levers();

        out.println();
        out.println("=== Tollgate replay report ===");
        out.printf("requests        %d sent, %d answered 200, %d errors, %.1f s wall, %.1f req/s%n", results.size(), ok,
                results.size() - ok, wallSeconds, results.size() / wallSeconds);
        out.printf("cost            %s USD with Tollgate vs %s USD baseline (premium model, no cache, no routing)%n",
                cost.setScale(6, RoundingMode.HALF_EVEN).toPlainString(), baseline.setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        if (baseline.signum() > 0) {
            out.printf("saved           %s USD = %.1f %% of the baseline%n", baseline.subtract(cost).setScale(6, RoundingMode.HALF_EVEN).toPlainString(),
                    baseline.subtract(cost).doubleValue() / baseline.doubleValue() * 100);
        }
        levers.forEach((k, v) -> out.printf("  by lever      %-8s %s USD%n", k, v.setScale(6, RoundingMode.HALF_EVEN).toPlainString()));
        BigDecimal unattributed = baseline.subtract(cost).subtract(levers.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        out.printf("  unattributed  %s USD (embed and lookup cost of the misses, which no lever pays back)%n",
                unattributed.setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        out.printf("  batching      embed compute %s USD as run, %s USD had each text run alone%n",
                total(c -> c.byStage().getOrDefault("embed", BigDecimal.ZERO)).setScale(9, RoundingMode.HALF_EVEN).toPlainString(),
                total(c -> c.byStage().getOrDefault("embed", BigDecimal.ZERO).add(c.batchingSaved()))
                        .setScale(9, RoundingMode.HALF_EVEN).toPlainString());
        out.printf("cache           hit rate %.1f %% (%d exact, %d semantic); labelled semantic hits %d, false %d (precision %s)%n",
                pct(hits, ok), exact, semantic, labelledSemantic, falseHits,
                labelledSemantic == 0 ? "n/a" : String.format("%.1f %%", pct(labelledSemantic - falseHits, labelledSemantic)));
        out.printf("                paraphrase pairs answered from the cache: %d of %d true duplicates%n", dupHits, dupPairs);
        out.println("routing mix     " + routingMix());
        out.println("quality        " + quality());
        out.println("latency (ms)   " + percentiles(results.stream().filter(r -> r.status() == 200).mapToDouble(Replay.Result::latencyMs).toArray())
                + "  end to end, from intended send time");
        out.println("overhead (ms)  " + percentiles(results.stream().filter(r -> r.status() == 200).mapToDouble(Replay.Result::overheadMs).toArray())
                + "  time in Tollgate (x-tollgate-overhead-ms)");
    }

    Map<String, BigDecimal> levers() {
        Map<String, BigDecimal> levers = new LinkedHashMap<>();
        BigDecimal cacheLever = BigDecimal.ZERO;
        BigDecimal routingLever = BigDecimal.ZERO;
        BigDecimal batchingLever = BigDecimal.ZERO;
        for (Replay.Result r : results) {
            Costs c = costs.get(r.requestId());
            if (c == null) {
                continue;
            }
            batchingLever = batchingLever.add(c.batchingSaved());
            if (r.hit()) {
                cacheLever = cacheLever.add(c.baseline().subtract(c.cost()).subtract(c.batchingSaved()));
            } else {
                routingLever = routingLever.add(c.generateBaseline().subtract(c.generateCost()));
            }
        }
        levers.put("cache", cacheLever);
        levers.put("routing", routingLever);
        levers.put("batching", batchingLever);
        return levers;
    }

    String routingMix() {
        Map<String, Integer> mix = new TreeMap<>();
        results.stream().filter(r -> r.status() == 200 && !r.hit()).forEach(r -> mix.merge(String.valueOf(r.servedModel()), 1, Integer::sum));
        StringBuilder b = new StringBuilder();
        mix.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> b.append(e.getKey()).append(' ').append(e.getValue()).append("  "));
        return b.toString().strip();
    }

    /** Mean RouterBench score of the answers served, against always-premium on the same prompts. */
    String quality() {
        double served = 0;
        double premium = 0;
        int n = 0;
        int unscored = 0;
        for (Replay.Result r : results) {
            if (r.status() != 200 || r.item().bench() == null) {
                continue;
            }
            String model = Datasets.RECORDED_AS.getOrDefault(r.servedModel(), r.servedModel());
            Double s = r.item().bench().scores().get(model);
            Double p = r.item().bench().scores().get(Datasets.PREMIUM);
            if (s == null || p == null) {
                unscored++;
                continue;
            }
            served += s;
            premium += p;
            n++;
        }
        if (n == 0 || premium == 0) {
            return "n/a (no scored RouterBench answers; " + unscored + " unscored)";
        }
        return String.format("%.1f %% of always-premium (%.3f vs %.3f mean score over %d RouterBench prompts; %d unscored)",
                served / premium * 100, served / n, premium / n, n, unscored);
    }

    static String percentiles(double[] values) {
        if (values.length == 0) {
            return "n/a";
        }
        Histogram h = new Histogram(3);
        for (double v : values) {
            h.recordValue(Math.max(0, Math.round(v * 1000))); // microseconds
        }
        return String.format("p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }

    private static double pct(long a, long b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }

    /** Writes the same report as one self-contained HTML page with SVG charts (no external network). */
    public Path writeHtml(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("replay-report.html");
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        print(new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));

        List<Replay.Result> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingDouble(r -> r.item().atSeconds()));
        List<double[]> cumCost = new ArrayList<>();
        List<double[]> cumBase = new ArrayList<>();
        double c = 0;
        double b = 0;
        for (Replay.Result r : ordered) {
            Costs k = costs.get(r.requestId());
            if (k != null) {
                c += k.cost().doubleValue();
                b += k.baseline().doubleValue();
            }
            cumCost.add(new double[] {r.item().atSeconds(), c});
            cumBase.add(new double[] {r.item().atSeconds(), b});
        }
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=utf-8><title>Tollgate replay report</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}pre{background:#f5f5f5;padding:1em}")
                .append("h2{margin-top:1.5em}svg{background:#fff;border:1px solid #ddd}</style></head><body>")
                .append("<h1>Tollgate replay report</h1><pre>").append(escape(text.toString())).append("</pre>")
                .append("<h2>Cost over time (USD, cumulative)</h2>")
                .append(Svg.lines(List.of(cumBase, cumCost), List.of("baseline", "Tollgate"), List.of("#c0392b", "#27ae60"), "seconds", "USD"))
                .append("<h2>Savings by lever (USD)</h2>").append(Svg.bars(levers()))
                .append("<h2>End-to-end latency (ms)</h2>")
                .append(Svg.histogram(results.stream().filter(r -> r.status() == 200).mapToDouble(Replay.Result::latencyMs).toArray(), 30))
                .append("</body></html>");
        Files.writeString(file, html);
        return file;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
