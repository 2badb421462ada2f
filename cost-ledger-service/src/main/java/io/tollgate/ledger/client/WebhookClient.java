package io.tollgate.ledger.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.ledger.config.LedgerConfig;

/** POSTs a JSON body to a webhook, retrying failures (connection errors, non-2xx) with exponential back-off. */
@ApplicationScoped
public class WebhookClient {
    private final HttpClient http;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;

    WebhookClient(LedgerConfig config) {
        this.attempts = config.budgets().webhookAttempts();
        this.backoff = config.budgets().webhookBackoff();
        this.timeout = config.budgets().webhookTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The result of all attempts: delivered, how many were made, the last error. */
    public record Delivery(boolean delivered, int attempts, String lastError) {
    }

    public Delivery post(String url, String json) throws InterruptedException {
        String error = null;
        long wait = backoff.toMillis();
        for (int i = 1; i <= attempts; i++) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Content-Type", "application/json").header("User-Agent", "tollgate-ledger")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return new Delivery(true, i, null);
                }
                error = "HTTP " + r.statusCode();
            } catch (IOException | IllegalArgumentException e) {
                error = e.toString();
            }
            if (i < attempts) {
                Thread.sleep(wait);
                wait *= 2;
            }
        }
        return new Delivery(false, attempts, error);
    }
}
