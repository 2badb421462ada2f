package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade, as Kubernetes does it: SIGTERM the router while requests are in flight through it. Every
 * in-flight request must still be answered, and every answered request's generate cost must reach the ledger
 * (the router's appender flushes on shutdown). Runs its own suite: it stops a service the shared one needs.
 */
@Tag("slow")
class GracefulShutdownIT {

    @Test
    void sigtermToTheRouterDrainsInFlightRequestsAndLosesNoCostEvent() throws Exception {
        // Every answer takes 1.5 s at the provider, so the SIGTERM surely lands while requests are in flight.
        SuiteOptions options = SuiteOptions.disposable(SharedSuite.repoRoot(), "shutdown")
                .withExtra("provider", "tollgate.replay.fixed-delay-ms", "1500");
        try (Suite suite = Suite.start(options)) {
            GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
            int inFlight = 12;
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<GatewayClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                String prompt = "Graceful shutdown question " + i + " " + UUID.randomUUID();
                // no cache: every request goes through the router
                replies.add(pool.submit(() -> client.post(suite.gatewayUrl() + "/v1/chat/completions", Demo.ACME_SEARCH,
                        GatewayClient.JSON.writeValueAsString(GatewayClient.chatBody("gpt-4o-mini", prompt)), "application/json")));
            }
            awaitRouterInFlight(suite, inFlight); // every request is now inside the router, waiting on the provider
            int exit = suite.terminate("router", Duration.ofSeconds(40));
            assertTrue(exit != -1, "the router stopped within its grace period");

            List<String> answered = new ArrayList<>();
            for (Future<GatewayClient.Reply> f : replies) {
                GatewayClient.Reply r = f.get();
                assertEquals(200, r.status(), "an in-flight request was dropped: " + r.raw());
                answered.add(r.requestId());
            }
            pool.shutdown();
            assertEquals(inFlight, answered.size());
            for (String id : answered) {
                RequestPathIT.awaitStages(client, id, Set.of("generate"));
            }
        }
    }

    /** Polls the router's own gauge of calls being served (a deterministic hook, not a sleep). */
    private static void awaitRouterInFlight(Suite suite, int expected) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String last = "";
        for (int i = 0; i < 200; i++) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(suite.url("router") + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("tollgate_grpc_server_inflight_calls")) {
                    last = line;
                    if (Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= expected) {
                        return;
                    }
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the router never had " + expected + " calls in flight; last: " + last);
    }
}
