package io.tollgate.router.config;

import java.util.List;
import java.util.Map;

/**
 * One validated catalogue model. {@code upstreamModel} is the name sent to the provider, {@code priceModel} the key of
 * {@code tollgate/prices.json}; both default to {@code id}.
 *
 * @param quality     prior success probability per intent (key {@code default} for any intent), used before a trained
 *                    model exists and for models the trained model does not know
 * @param maxInFlight calls this router may have open on the model at once (a self-hosted endpoint's capacity); past
 *                    it the model is skipped like an open breaker. 0 = no limit
 */
public record CatalogueEntry(String id, String kind, Provider provider, String upstreamModel, String priceModel,
        long contextWindow, List<String> capabilities, int tier, Map<String, Double> quality, List<String> fallbacks,
        String ownedBy, int maxInFlight) {

    public boolean isChat() {
        return "chat".equals(kind);
    }

    public double prior(String intent) {
        return quality.getOrDefault(intent, quality.getOrDefault("default", 0.5));
    }

    /** A provider endpoint. {@code type}: openai-compatible | anthropic | worker. */
    public record Provider(String name, String type, String baseUrl, String apiKey, Map<String, String> headers) {
    }
}
