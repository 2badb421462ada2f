package io.tollgate.bench.router;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * all-minilm-l6-v2-q embeddings (the int8 all-MiniLM-L6-v2 that the worker also serves, run in-process here) of texts keyed by sample id, cached in
 * a binary file under bench/target so that a rerun does not embed again. The cache is used only when it holds every id.
 */
final class EmbeddingCache {
    private static final int BATCH = 64;

    private EmbeddingCache() {
    }

    static Map<String, float[]> embed(Map<String, String> textById, Path cache) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String id = in.readUTF();
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = in.readFloat();
                    }
                    out.put(id, v);
                }
            }
            if (out.keySet().containsAll(textById.keySet())) {
                return out;
            }
            out.clear();
        }
        AllMiniLmL6V2QuantizedEmbeddingModel embedder = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<String> ids = new ArrayList<>(textById.keySet());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<TextSegment> segments = batch.stream().map(id -> TextSegment.from(textById.get(id))).toList();
            var vectors = embedder.embedAll(segments).content();
            for (int i = 0; i < batch.size(); i++) {
                out.put(batch.get(i), vectors.get(i).vector());
            }
            if (out.size() % 1024 < BATCH || out.size() == ids.size()) {
                System.err.printf("embedded %d/%d into %s%n", out.size(), ids.size(), cache.getFileName());
            }
        }
        Files.createDirectories(cache.toAbsolutePath().getParent());
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
            o.writeInt(out.size());
            for (Map.Entry<String, float[]> e : out.entrySet()) {
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().length);
                for (float f : e.getValue()) {
                    o.writeFloat(f);
                }
            }
        }
        return out;
    }

    /** Embeds both data sets and exits: the slow first step, run once. */
    public static void main(String[] args) throws IOException {
        Path datasets = Path.of(args.length > 0 ? args[0] : "../shared/datasets");
        Map<String, String> rb = new LinkedHashMap<>();
        RouterBenchData.load(datasets).forEach(r -> rb.put(r.sampleId(), io.tollgate.router.classify.SuccessModel.tail(r.prompt(), 1000)));
        embed(rb, Path.of(RouterEvaluation.ROUTERBENCH_CACHE));
        Map<String, String> mmlu = new LinkedHashMap<>();
        MmluData.load(datasets).forEach(r -> mmlu.put(r.sampleId(), io.tollgate.router.classify.SuccessModel.tail(r.prompt(), 1000)));
        embed(mmlu, Path.of(RouterEvaluation.MMLU_CACHE));
    }
}
