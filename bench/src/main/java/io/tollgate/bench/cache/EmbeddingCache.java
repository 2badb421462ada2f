package io.tollgate.bench.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * Embeddings of the evaluation texts, computed once per (model, text set) and kept under
 * {@code bench/target/cache-eval/} (derived data, never committed), so that re-runs take seconds.
 */
final class EmbeddingCache {
    enum Model {
        /** all-MiniLM-L6-v2 fp32: what the inference worker serves by default. */
        FP32("all-minilm-l6-v2"),
        /** the int8-quantised variant the cache-service tests use in process. */
        INT8("all-minilm-l6-v2-q");

        final String id;

        Model(String id) {
            this.id = id;
        }

        EmbeddingModel load() {
            return this == FP32 ? new AllMiniLmL6V2EmbeddingModel() : new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
    }

    private static final Path DIR = Path.of(System.getProperty("tollgate.eval.cache", "bench/target/cache-eval"));
    private static final int BATCH = 64;

    private EmbeddingCache() {
    }

    /** Embeddings of {@code texts} in order (duplicates embedded once). */
    static Map<String, float[]> embed(Model model, String set, List<String> texts) throws Exception {
        Map<String, float[]> out = new LinkedHashMap<>();
        texts.forEach(t -> out.put(t, null));
        List<String> distinct = new ArrayList<>(out.keySet());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String t : distinct) {
            sha.update(t.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        Path file = DIR.resolve(model.id + "-" + set + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16) + ".bin");
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                int n = in.readInt();
                int dim = in.readInt();
                for (int i = 0; i < n; i++) {
                    float[] v = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        v[d] = in.readFloat();
                    }
                    out.put(distinct.get(i), v);
                }
            }
            return out;
        }
        EmbeddingModel m = model.load();
        long t0 = System.nanoTime();
        for (int i = 0; i < distinct.size(); i += BATCH) {
            List<String> batch = distinct.subList(i, Math.min(distinct.size(), i + BATCH));
            var vectors = m.embedAll(batch.stream().map(TextSegment::from).toList()).content();
            for (int j = 0; j < batch.size(); j++) {
                out.put(batch.get(j), vectors.get(j).vector());
            }
            if ((i / BATCH) % 10 == 0) {
                System.err.printf("  %s: embedded %d/%d texts (%.0f s)%n", model.id, i + batch.size(), distinct.size(), (System.nanoTime() - t0) / 1e9);
            }
        }
        System.err.printf("  %s: %d texts embedded in %.0f s, cached in %s%n", model.id, distinct.size(), (System.nanoTime() - t0) / 1e9, file);
        Files.createDirectories(DIR);
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            o.writeInt(distinct.size());
            o.writeInt(out.get(distinct.get(0)).length);
            for (String t : distinct) {
                for (float x : out.get(t)) {
                    o.writeFloat(x);
                }
            }
        }
        return out;
    }
}
