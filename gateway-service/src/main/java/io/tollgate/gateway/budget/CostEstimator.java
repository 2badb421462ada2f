package io.tollgate.gateway.budget;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;

/**
 * Prices a request before it runs (the reservation) and after (the settle), from the shipped price catalogue. The
 * estimate is deliberately high: prompt tokens plus the requested (or default) output tokens, both at the caller's
 * premium (baseline) model's prices, so a routed request almost always settles below what it reserved.
 */
@ApplicationScoped
public class CostEstimator {
    /** Characters per token of English text with GPT-style BPE tokenizers (OpenAI's rule of thumb), rounded down. */
    static final int CHARS_PER_TOKEN = 4;
    /** Tokens a chat message costs beyond its content (role and separators, OpenAI's cookbook count). */
    static final int TOKENS_PER_MESSAGE = 4;

    private final PriceCatalogue catalogue;
    private final String fallbackModel;
    private final int defaultOutputTokens;

    @Inject
    CostEstimator(BudgetConfig config) {
        this(PriceCatalogue.loadDefault(), config.fallbackPriceModel(), config.defaultOutputTokens());
    }

    CostEstimator(PriceCatalogue catalogue, String fallbackModel, int defaultOutputTokens) {
        this.catalogue = catalogue;
        this.fallbackModel = fallbackModel;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    public static long promptTokens(Iterable<String> contents) {
        long tokens = 0;
        for (String c : contents) {
            tokens += TOKENS_PER_MESSAGE + (c == null ? 0 : (c.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
        }
        return tokens;
    }

    /** nano-USD reserved for a request of {@code promptTokens} that may produce {@code maxTokens} (null: default). */
    public long estimateNanos(String premiumModel, long promptTokens, Integer maxTokens) {
        long output = maxTokens != null && maxTokens > 0 ? maxTokens : defaultOutputTokens;
        return tokenPrice(premiumModel).map(p -> p.tokenCostNanos(promptTokens, 0, output)).orElse(0L);
    }

    /** nano-USD of what a request really used, at its model's prices (the premium model's when it has none). */
    public long actualNanos(String model, String premiumModel, long inputTokens, long cachedTokens, long outputTokens) {
        Optional<ModelPrice> price = catalogue.current(model).filter(ModelPrice::hasTokenPrices);
        if (price.isEmpty()) {
            price = tokenPrice(premiumModel);
        }
        return price.map(p -> p.tokenCostNanos(inputTokens, cachedTokens, outputTokens)).orElse(0L);
    }

    private Optional<ModelPrice> tokenPrice(String model) {
        Instant now = Instant.now();
        return (model == null ? Optional.<ModelPrice>empty() : catalogue.priceAt(model, now))
                .filter(ModelPrice::hasTokenPrices)
                .or(() -> catalogue.priceAt(fallbackModel, now).filter(ModelPrice::hasTokenPrices));
    }
}
