package io.tollgate.worker.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import io.tollgate.worker.batch.BatchPolicy;

/**
 * Where model specs come from: the two MiniLM models in the LangChain4j jars, and a model directory with one
 * sub-folder per model holding {@code model.properties} (keys in the README). A folder whose config cannot be read
 * yields a {@link Declared} with an error instead of a spec, so that it is reported rather than skipped.
 */
public final class ModelSpecs {
    public static final String MINILM = "all-minilm-l6-v2";
    public static final String MINILM_Q = "all-minilm-l6-v2-q";
    /** sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (the ONNX graph itself would take 512). */
    public static final int MINILM_MAX_TOKENS = 256;
    public static final int MINILM_DIMENSIONS = 384;
    public static final String CONFIG_FILE = "model.properties";

    /** A model named in config: its spec, or why its config could not be read. */
    public record Declared(String name, ModelSpec spec, String error) {
    }

    private ModelSpecs() {
    }

    public static List<ModelSpec> builtins(BatchPolicy batching, String priceClass) {
        return List.of(
                minilm(MINILM, "classpath:all-minilm-l6-v2.onnx", "classpath:all-minilm-l6-v2-tokenizer.json", batching, priceClass),
                minilm(MINILM_Q, "classpath:all-minilm-l6-v2-q.onnx", "classpath:all-minilm-l6-v2-q-tokenizer.json", batching, priceClass));
    }

    private static ModelSpec minilm(String name, String source, String tokenizer, BatchPolicy batching, String priceClass) {
        return new ModelSpec(name, "embedding", source, tokenizer, List.of(), "", MINILM_DIMENSIONS, MINILM_MAX_TOKENS,
                OverflowPolicy.TRUNCATE, true, batching, priceClass);
    }

    /** Every sub-folder of {@code dir} with a {@code model.properties}, in name order. */
    public static List<Declared> fromDirectory(Path dir, BatchPolicy defaults, String defaultPriceClass) throws IOException {
        List<Declared> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path config = folder.resolve(CONFIG_FILE);
                if (!Files.isRegularFile(config)) {
                    continue;
                }
                String name = folder.getFileName().toString();
                try {
                    out.add(new Declared(name, parse(name, folder, config, defaults, defaultPriceClass), null));
                } catch (IOException | RuntimeException e) {
                    out.add(new Declared(name, null, config + ": " + e.getMessage()));
                }
            }
        }
        return out;
    }

    static ModelSpec parse(String name, Path folder, Path config, BatchPolicy defaults, String defaultPriceClass) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(config)) {
            p.load(r);
        }
        String kind = p.getProperty("kind", "embedding").trim();
        if (!kind.equals("embedding")) {
            throw new IllegalArgumentException("kind=" + kind + " is not served yet; only kind=embedding");
        }
        BatchPolicy batching = new BatchPolicy(
                intOf(p, "max-batch-size", defaults.maxBatchSize()),
                p.containsKey("preferred-batch-sizes") ? ints(p.getProperty("preferred-batch-sizes")) : defaults.preferredBatchSizes(),
                p.containsKey("max-queue-delay") ? Duration.parse(p.getProperty("max-queue-delay").trim()) : defaults.maxQueueDelay(),
                intOf(p, "queue-capacity", defaults.queueCapacity()));
        return new ModelSpec(name, kind,
                folder.resolve(p.getProperty("model", "model.onnx").trim()).toString(),
                folder.resolve(p.getProperty("tokenizer", "tokenizer.json").trim()).toString(),
                p.containsKey("inputs") ? Arrays.stream(p.getProperty("inputs").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of(),
                p.getProperty("output", "").trim(),
                intOf(p, "dimensions", 0),
                intOf(p, "max-input-tokens", 512),
                OverflowPolicy.valueOf(p.getProperty("overflow", "truncate").trim().toUpperCase(Locale.ROOT)),
                Boolean.parseBoolean(p.getProperty("normalize", "true").trim()),
                batching,
                p.getProperty("price-class", defaultPriceClass).trim());
    }

    private static int intOf(Properties p, String key, int dflt) {
        String v = p.getProperty(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
        }
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }
}
