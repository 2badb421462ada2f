package io.tollgate.suite;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The short workload of the main job: a few tenants and teams asking questions, some of them twice, so that the
 * report shows misses (embed + retrieve + generate), exact hits (retrieve only) and what the cache saved.
 */
public final class Demo {
    /** Demo keys, configured in gateway-service's application.properties. */
    static final String ACME_SEARCH = "tg-demo-acme-search";
    static final String ACME_SUPPORT = "tg-demo-acme-support";
    static final String GLOBEX = "tg-demo-globex-research";
    static final String FINANCE_KEY = "tg-finance-demo";

    record Call(String apiKey, String model, String prompt) {
    }

    static List<Call> workload() {
        List<Call> calls = new ArrayList<>();
        String[] questions = {
                "What is the capital of Australia?",
                "Explain in two sentences what a hash map is.",
                "Write a haiku about autumn leaves.",
                "How many bytes are in a kibibyte?",
                "Summarise the plot of Hamlet in one sentence.",
                "What does HTTP status code 429 mean?",
        };
        String[] keys = {ACME_SEARCH, ACME_SUPPORT, GLOBEX};
        for (int i = 0; i < questions.length; i++) {
            calls.add(new Call(keys[i % keys.length], i % 2 == 0 ? "auto" : "gpt-4o-mini", questions[i]));
        }
        // The same questions again from the same teams: exact-cache hits, no generate cost.
        for (int i = 0; i < questions.length; i++) {
            calls.add(new Call(keys[i % keys.length], i % 2 == 0 ? "auto" : "gpt-4o-mini", questions[i]));
        }
        // Another tenant asks acme's first question: tenants never share cache entries, so this is a miss.
        calls.add(new Call(GLOBEX, "auto", questions[0]));
        return calls;
    }

    /** Sends the workload, waits for the ledger, and prints per-request and per-stage costs. Returns the total in USD. */
    static BigDecimal run(Suite suite, PrintStream out) throws IOException, InterruptedException {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        List<String> requestIds = new ArrayList<>();
        out.printf("%-38s %-24s %-12s %-30s %s%n", "request id", "key", "cache", "route", "overhead ms");
        for (Call call : workload()) {
            GatewayClient.Reply r = client.chat(call.apiKey(), GatewayClient.chatBody(call.model(), call.prompt()));
            if (r.status() != 200) {
                throw new IllegalStateException("gateway answered " + r.status() + ": " + r.raw());
            }
            requestIds.add(r.requestId());
            out.printf("%-38s %-24s %-12s %-30s %s%n", r.requestId(), call.apiKey(), r.cache(),
                    abbreviate(r.route(), 30), r.overheadMs());
        }

        Map<String, BigDecimal> byStage = new TreeMap<>();
        Map<String, Integer> eventsByStage = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal baseline = BigDecimal.ZERO;
        for (String id : requestIds) {
            JsonNode costs = awaitCosts(client, id);
            if (costs == null) {
                out.println("ledger has no costs for " + id + " yet");
                continue;
            }
            for (JsonNode stage : costs.path("stages")) {
                String name = stage.path("stage").asText();
                byStage.merge(name, new BigDecimal(stage.path("cost_usd").asText("0")), BigDecimal::add);
                eventsByStage.merge(name, 1, Integer::sum);
            }
            total = total.add(new BigDecimal(costs.path("total_cost_usd").asText("0")));
            baseline = baseline.add(new BigDecimal(costs.path("total_baseline_cost_usd").asText("0")));
        }
        out.println();
        out.println("Cost per stage (from the ledger's per-request breakdowns):");
        out.printf("  %-10s %7s %16s%n", "stage", "events", "cost (USD)");
        for (var e : byStage.entrySet()) {
            out.printf("  %-10s %7d %16s%n", e.getKey(), eventsByStage.get(e.getKey()), e.getValue().toPlainString());
        }
        out.printf("  %-10s %7s %16s%n", "total", "", total.toPlainString());
        out.printf("  %-10s %7s %16s%n", "baseline", "", baseline.toPlainString());
        if (baseline.signum() > 0) {
            out.printf("  saved %.1f %% against the no-optimisation baseline (premium model, no cache)%n",
                    BigDecimal.ONE.subtract(total.divide(baseline, 6, java.math.RoundingMode.HALF_EVEN)).doubleValue() * 100);
        }
        return total;
    }

    /** Cost events arrive asynchronously (micro-batched appender): poll until all three stages of a miss or the hit's retrieve are in. */
    static JsonNode awaitCosts(GatewayClient client, String requestId) throws IOException, InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 100; i++) {
            last = client.requestCosts(requestId, FINANCE_KEY);
            if (last != null && last.path("stages").size() > 0) {
                // give late stages of the same request one more flush interval
                Thread.sleep(100);
                return client.requestCosts(requestId, FINANCE_KEY);
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "-";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
