package io.tollgate.router.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;
import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;

/**
 * The models the router may call, loaded once at start-up from {@code tollgate.router.catalogue} (a file path or a
 * classpath resource) and validated: a bad catalogue stops the service with a message saying what to fix.
 * Prices come from tollgate-common's {@link PriceCatalogue}; every chat model must have token prices there.
 */
@Startup
@ApplicationScoped
public class ModelCatalogue {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");
    private static final List<String> PROVIDER_TYPES = List.of("openai-compatible", "anthropic", "worker");

    private final Map<String, CatalogueEntry> models;
    private final Map<String, ModelPrice> prices;
    /** Prices are fixed for the catalogue's life, so the order is too: sorted once, not per routed request. */
    private final List<CatalogueEntry> chatByCost;
    private final String source;

    @Inject
    public ModelCatalogue(RouterConfig config) {
        this(config.catalogue(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig());
    }

    public ModelCatalogue(String location, PriceCatalogue priceCatalogue, Config config) {
        this.source = location;
        JsonNode root = read(location);
        Map<String, CatalogueEntry.Provider> providers = parseProviders(root.path("providers"), config);
        this.models = parseModels(root.path("models"), providers);
        this.prices = new LinkedHashMap<>();
        for (CatalogueEntry m : models.values()) {
            Optional<ModelPrice> price = priceCatalogue.current(m.priceModel());
            if (m.isChat() && (price.isEmpty() || !price.get().hasTokenPrices())) {
                throw fail("model '" + m.id() + "' has no token price for '" + m.priceModel()
                        + "' in tollgate/prices.json; add it there or set \"price-model\" to a priced model");
            }
            price.ifPresent(p -> prices.put(m.id(), p));
        }
        models.values().forEach(m -> m.fallbacks().forEach(f -> {
            if (!models.containsKey(f)) {
                throw fail("model '" + m.id() + "' falls back to unknown model '" + f + "'; list only catalogue ids");
            }
        }));
        List<CatalogueEntry> chat = new ArrayList<>(models.values().stream().filter(CatalogueEntry::isChat).toList());
        chat.sort(Comparator.comparingLong((CatalogueEntry m) -> estimateNanos(m, 1_000, 300)).thenComparing(CatalogueEntry::id));
        this.chatByCost = List.copyOf(chat);
    }

    public Optional<CatalogueEntry> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Collection<CatalogueEntry> all() {
        return models.values();
    }

    /** Chat models, cheapest first by a typical request (1,000 input and 300 output tokens). */
    public List<CatalogueEntry> chatModelsByCost() {
        return chatByCost;
    }

    /** Estimated cost of a call in nano-USD at the model's current token prices. */
    public long estimateNanos(CatalogueEntry model, long inputTokens, long outputTokens) {
        ModelPrice p = prices.get(model.id());
        Long nanos = p == null ? null : p.tokenCostNanos(inputTokens, 0, outputTokens);
        return nanos == null ? Long.MAX_VALUE : nanos;
    }

    private JsonNode read(String location) {
        ObjectMapper json = new ObjectMapper();
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                return json.readTree(file.toFile());
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    throw fail("catalogue '" + location + "' is neither a file nor a classpath resource; "
                            + "set tollgate.router.catalogue (env TOLLGATE_ROUTER_CATALOGUE) to an existing file");
                }
                return json.readTree(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Model catalogue '" + location + "' is not valid JSON (" + e.getMessage()
                    + "); see router-service/README.md for the format", e);
        }
    }

    private Map<String, CatalogueEntry.Provider> parseProviders(JsonNode node, Config config) {
        if (!node.isObject() || node.isEmpty()) {
            throw fail("\"providers\" must be a non-empty object of name -> {type, base-url, api-key, headers}");
        }
        Map<String, CatalogueEntry.Provider> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode p = e.getValue();
            String type = p.path("type").asText("");
            if (!PROVIDER_TYPES.contains(type)) {
                throw fail("provider '" + e.getKey() + "' has type '" + type + "'; use one of " + PROVIDER_TYPES);
            }
            String baseUrl = resolve(p.path("base-url").asText(""), config);
            if ("openai-compatible".equals(type) && baseUrl.isBlank()) {
                throw fail("provider '" + e.getKey() + "' (openai-compatible) needs \"base-url\"");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            p.path("headers").properties().forEach(h -> headers.put(h.getKey(), resolve(h.getValue().asText(), config)));
            out.put(e.getKey(), new CatalogueEntry.Provider(e.getKey(), type, baseUrl,
                    resolve(p.path("api-key").asText(""), config), Map.copyOf(headers)));
        });
        return out;
    }

    private Map<String, CatalogueEntry> parseModels(JsonNode node, Map<String, CatalogueEntry.Provider> providers) {
        if (!node.isArray() || node.isEmpty()) {
            throw fail("\"models\" must be a non-empty array");
        }
        Map<String, CatalogueEntry> out = new LinkedHashMap<>();
        for (JsonNode m : node) {
            String id = m.path("id").asText("");
            if (id.isBlank()) {
                throw fail("a model has no \"id\"");
            }
            if (out.containsKey(id) || "auto".equals(id)) {
                throw fail("model id '" + id + "' is duplicated or reserved (\"auto\"); ids must be unique");
            }
            CatalogueEntry.Provider provider = providers.get(m.path("provider").asText(""));
            if (provider == null) {
                throw fail("model '" + id + "' names provider '" + m.path("provider").asText("")
                        + "', which is not under \"providers\" " + providers.keySet());
            }
            String kind = m.path("kind").asText("chat");
            if (!kind.equals("chat") && !kind.equals("embedding")) {
                throw fail("model '" + id + "' has kind '" + kind + "'; use chat or embedding");
            }
            if (kind.equals("chat") && provider.type().equals("worker")) {
                throw fail("model '" + id + "': the worker serves embeddings only; give it kind \"embedding\"");
            }
            long window = m.path("context-window").asLong(0);
            int tier = m.path("tier").asInt(0);
            if (window <= 0 || tier < 1 || tier > 3) {
                throw fail("model '" + id + "' needs \"context-window\" > 0 and \"tier\" 1..3 (1 = cheapest)");
            }
            Map<String, Double> quality = new LinkedHashMap<>();
            m.path("quality").properties().forEach(q -> quality.put(q.getKey(), q.getValue().asDouble()));
            if (quality.values().stream().anyMatch(q -> q < 0 || q > 1)) {
                throw fail("model '" + id + "' has a \"quality\" outside 0..1");
            }
            List<String> caps = new ArrayList<>();
            m.path("capabilities").forEach(c -> caps.add(c.asText()));
            List<String> fallbacks = new ArrayList<>();
            m.path("fallbacks").forEach(f -> fallbacks.add(f.asText()));
            String upstream = m.path("upstream-model").asText(id);
            JsonNode cap = m.path("max-in-flight");
            if (!cap.isMissingNode() && (!cap.canConvertToInt() || !cap.isIntegralNumber() || cap.asInt() < 1)) {
                throw fail("model '" + id + "' has \"max-in-flight\" " + cap + "; give a whole number >= 1, or leave it out for no limit");
            }
            out.put(id, new CatalogueEntry(id, kind, provider, upstream, m.path("price-model").asText(upstream), window,
                    List.copyOf(caps), tier, Map.copyOf(quality), List.copyOf(fallbacks),
                    m.path("owned-by").asText(provider.name()), cap.isMissingNode() ? 0 : cap.asInt()));
        }
        return out;
    }

    /** Expands {@code ${NAME}} and {@code ${NAME:default}} from config (environment variables included). */
    static String resolve(String value, Config config) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> v = config.getOptionalValue(name, String.class);
            if (v.isEmpty() && matcher.group(2) == null) {
                throw new IllegalStateException("Model catalogue references ${" + name + "}, which is not set; "
                        + "export " + name + " or write ${" + name + ":default}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(v.orElse(matcher.group(2))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private IllegalStateException fail(String what) {
        return new IllegalStateException("Invalid model catalogue '" + source + "': " + what
                + " (see router-service/README.md, section Catalogue)");
    }
}
