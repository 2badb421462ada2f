package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The finance dashboard in a real headless Chromium, against a ledger filled through the gateway: the charts render
 * and the totals on the page are the ledger's totals. Saves a screenshot to suite/target/dashboard.png.
 */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class DashboardIT {

    @Test
    void dashboardRendersTheLedgersTotals(Suite suite) throws Exception {
        GatewayClient client = new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GatewayClient.Reply r = client.chat(Demo.ACME_SEARCH,
                    GatewayClient.chatBody(i % 2 == 0 ? "gpt-4o-mini" : "gpt-4o", "Dashboard question " + i + " " + UUID.randomUUID()));
            assertEquals(200, r.status(), r.raw());
            ids.add(r.requestId());
        }
        for (String id : ids) {
            RequestPathIT.awaitStages(client, id, java.util.Set.of("generate"));
        }
        JsonNode savings = client.get(suite.ledgerUrl() + "/v1/finance/savings?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z",
                Demo.FINANCE_KEY).body();
        // the page asks for the last 30 days; everything in this run is inside that window, so compare with that window
        JsonNode window = client.get(suite.ledgerUrl() + "/v1/finance/savings", Demo.FINANCE_KEY).body();

        String url = suite.ledgerUrl() + "/dashboard/?key=" + Demo.FINANCE_KEY;
        String dom = chromium("--dump-dom", url);
        assertTrue(dom.contains("data-rendered=\"true\""), "the page finished rendering without error:\n" + excerpt(dom));
        assertTrue(count(dom, "<canvas") >= 3, "three charts drew on canvases");
        String shown = text(dom, "total-cost");
        String expected = window.path("cost_usd").asText();
        assertTrue(shown.equals("$" + expected) || shown.equals("$" + savings.path("cost_usd").asText()),
                "page shows " + shown + ", ledger says " + expected);
        assertTrue(new java.math.BigDecimal(shown.substring(1)).signum() > 0);
        Matcher rows = Pattern.compile("id=\"top-requests\"[^>]*data-rows=\"(\\d+)\"").matcher(dom);
        assertTrue(rows.find() && Integer.parseInt(rows.group(1)) > 0, "most expensive requests are listed");

        Path png = SharedSuite.repoRoot().resolve("suite/target/dashboard.png");
        chromium("--screenshot=" + png, "--window-size=1400,1100", url);
        assertTrue(Files.size(png) > 10_000, "a screenshot was written: " + png);
    }

    static String chromium(String... args) throws Exception {
        String binary = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        Path profile = Files.createTempDirectory("tollgate-chromium");
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--run-all-compositor-stages-before-draw"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        return m.find() ? m.group(1).trim() : "";
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String excerpt(String dom) {
        return dom.length() > 3000 ? dom.substring(0, 3000) : dom;
    }
}
