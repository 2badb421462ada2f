package io.tollgate.replay.store;

import io.quarkus.runtime.StartupEvent;
import io.tollgate.replay.config.ReplayConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;

/**
 * Recorded answers of the RouterBench subset, indexed by (model, {@link PromptKey}). Loaded once on a background
 * thread at start-up so the HTTP port opens at once; lookups made before the load ends wait on {@link #ready()}.
 * Only the answers, costs and scores are kept (the prompts become 64-bit keys): about 6 MB of heap.
 */
@Singleton
public class RouterBenchStore {

    private static final Logger LOG = Logger.getLogger(RouterBenchStore.class);
    private static final String RESPONSE_SUFFIX = "|model_response";
    private static final String COST_SUFFIX = "|total_cost";

    private final ReplayConfig config;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    /** Written once by the loader before {@link #ready} completes; read-only afterwards. */
    private volatile Map<String, Map<Long, Recording>> byModel = Map.of();

    public RouterBenchStore(ReplayConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        Thread.ofPlatform().daemon().name("routerbench-loader").start(this::load);
    }

    /** Completes when the recordings are loaded (or failed to load: then every lookup is empty). */
    public CompletionStage<Void> ready() {
        return ready;
    }

    public boolean isLoaded() {
        return ready.isDone();
    }

    public Optional<Recording> find(String model, String prompt) {
        Map<Long, Recording> answers = byModel.get(model);
        return answers == null ? Optional.empty() : Optional.ofNullable(answers.get(PromptKey.of(prompt)));
    }

    public int size() {
        return byModel.values().stream().mapToInt(Map::size).sum();
    }

    private void load() {
        long start = System.nanoTime();
        try {
            Optional<Path> dir = DatasetLocator.routerBenchDir(config.datasetsDir(), Path.of(""));
            if (dir.isEmpty()) {
                LOG.warnf("No RouterBench recordings: %s not found under tollgate.replay.datasets-dir=%s nor in any "
                        + "parent's shared/datasets; every answer will be synthetic. Set TOLLGATE_REPLAY_DATASETS_DIR "
                        + "to the folder that holds routing/routerbench-subset.",
                        DatasetLocator.ROUTERBENCH, config.datasetsDir());
                return;
            }
            Map<String, Map<Long, Recording>> loaded = new LinkedHashMap<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir.get(), "*.csv.gz")) {
                for (Path file : files) {
                    loadFile(file, loaded);
                }
            }
            byModel = Map.copyOf(loaded);
            LOG.infof("Loaded %d RouterBench recordings of %d models from %s in %d ms", size(), loaded.size(),
                    dir.get(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "Could not load the RouterBench recordings; every answer will be synthetic");
        } finally {
            ready.complete(null);
        }
    }

    private static void loadFile(Path file, Map<String, Map<Long, Recording>> into) throws IOException {
        try (var reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            CsvReader csv = new CsvReader(reader);
            List<String> header = csv.next();
            if (header == null) {
                return;
            }
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                column.put(header.get(i), i);
            }
            Integer promptColumn = column.get("prompt");
            if (promptColumn == null) {
                throw new IOException(file + " has no prompt column");
            }
            List<String> models = new ArrayList<>();
            for (String name : header) {
                if (name.endsWith(RESPONSE_SUFFIX)) {
                    models.add(name.substring(0, name.length() - RESPONSE_SUFFIX.length()));
                }
            }
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() != header.size()) {
                    continue; // a blank trailing line
                }
                // Multi-part prompts are joined the way a client would send them as one user message.
                long key = PromptKey.of(String.join("\n", PythonListLiteral.decode(row.get(promptColumn))));
                for (String model : models) {
                    String content = String.join("", PythonListLiteral.decode(row.get(column.get(model + RESPONSE_SUFFIX))));
                    Recording recording = new Recording(model, content,
                            nanoUsd(cell(row, column.get(model + COST_SUFFIX))),
                            score(cell(row, column.get(model))));
                    // A prompt repeated across files keeps its first recording.
                    into.computeIfAbsent(model, m -> new HashMap<>()).putIfAbsent(key, recording);
                }
            }
        }
    }

    private static String cell(List<String> row, Integer column) {
        return column == null ? "" : row.get(column).strip();
    }

    private static long nanoUsd(String usd) {
        try {
            return usd.isEmpty() ? -1 : new BigDecimal(usd).movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static OptionalInt score(String value) {
        try {
            return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
