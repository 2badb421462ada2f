package io.tollgate.common.price;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Model prices with effective dates, loaded from a versioned JSON file ({@value #DEFAULT_RESOURCE} on the classpath)
 * and changeable at run time ({@link #put}). For an event at time t the price in force is the entry with the latest
 * {@code effective_from <= t}.
 *
 * <p>File prices are USD decimal strings ({@code input_usd_per_mtok}, {@code output_usd_per_mtok},
 * {@code cached_input_usd_per_mtok} per million tokens; {@code instance_usd_per_hour}; {@code usd_per_lookup}),
 * converted exactly to nano-USD. Thread-safe: readers never lock; writers replace one model's history atomically.
 */
public final class PriceCatalogue {
    public static final String DEFAULT_RESOURCE = "tollgate/prices.json";
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private final String version;
    /** model -> (effective_from -> price); each inner map is immutable and replaced whole. */
    private final Map<String, TreeMap<LocalDate, ModelPrice>> byModel = new ConcurrentHashMap<>();

    private PriceCatalogue(String version) {
        this.version = version;
    }

    /** The catalogue shipped in tollgate-common. */
    public static PriceCatalogue loadDefault() {
        try (InputStream in = PriceCatalogue.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath: add tollgate-common");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PriceCatalogue load(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        PriceCatalogue catalogue = new PriceCatalogue(root.path("version").asText("unversioned"));
        for (JsonNode m : root.path("models")) {
            catalogue.put(fromJson(m));
        }
        return catalogue;
    }

    /** One catalogue entry from its JSON form (the file's shape, also used by the ledger's price API). */
    public static ModelPrice fromJson(JsonNode m) {
        String model = m.path("model").asText("");
        if (model.isBlank()) {
            throw new IllegalArgumentException("price entry without model");
        }
        LocalDate from;
        try {
            from = LocalDate.parse(m.path("effective_from").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("effective_from of " + model + " is not a yyyy-MM-dd date");
        }
        return new ModelPrice(model, m.path("provider").asText(""), from,
                usdToNanos(m, "input_usd_per_mtok"), usdToNanos(m, "output_usd_per_mtok"),
                usdToNanos(m, "cached_input_usd_per_mtok"), usdToNanos(m, "instance_usd_per_hour"),
                usdToNanos(m, "usd_per_lookup"), m.path("source").asText(""));
    }

    private static BigDecimal usdToNanos(JsonNode m, String field) {
        JsonNode v = m.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            // Strings keep the decimal exact; a JSON number is read as its decimal text, never as a double.
            BigDecimal usd = v.isTextual() ? new BigDecimal(v.asText()) : v.decimalValue();
            return usd.multiply(NANOS_PER_USD).stripTrailingZeros();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " of " + m.path("model").asText() + " is not a decimal");
        }
    }

    public String version() {
        return version;
    }

    /** Adds or replaces the entry for (model, effective_from). */
    public void put(ModelPrice price) {
        byModel.compute(price.model(), (k, old) -> {
            TreeMap<LocalDate, ModelPrice> next = old == null ? new TreeMap<>() : new TreeMap<>(old);
            next.put(price.effectiveFrom(), price);
            return next;
        });
    }

    /** The price in force at {@code at}, if any. */
    public Optional<ModelPrice> priceAt(String model, Instant at) {
        TreeMap<LocalDate, ModelPrice> history = byModel.get(model);
        if (history == null) {
            return Optional.empty();
        }
        Map.Entry<LocalDate, ModelPrice> e = history.floorEntry(LocalDate.ofInstant(at, ZoneOffset.UTC));
        return Optional.ofNullable(e == null ? null : e.getValue());
    }

    /** The price in force now. */
    public Optional<ModelPrice> current(String model) {
        return priceAt(model, Instant.now());
    }

    /** Every entry of every model, ordered by model then date. */
    public List<ModelPrice> all() {
        List<ModelPrice> out = new ArrayList<>();
        byModel.values().forEach(h -> out.addAll(h.values()));
        out.sort(Comparator.comparing(ModelPrice::model).thenComparing(ModelPrice::effectiveFrom));
        return out;
    }

    public Collection<String> models() {
        return List.copyOf(byModel.keySet());
    }
}
