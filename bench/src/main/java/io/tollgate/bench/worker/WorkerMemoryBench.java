package io.tollgate.bench.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tollgate.worker.batch.BatchPolicy;
import io.tollgate.worker.runtime.ModelSpec;
import io.tollgate.worker.runtime.ModelSpecs;
import io.tollgate.worker.runtime.OnnxEmbedder;
import io.tollgate.worker.runtime.SessionOptionsFactory;
import io.tollgate.worker.runtime.SessionOptionsFactory.MemorySaving;
import io.tollgate.worker.runtime.Tokenized;

/**
 * Resident memory against speed of the worker's two built-in models under ORT memory savings
 * ({@link MemorySaving}): loads both, runs raw batches of 1, 8 and 32 texts for a few seconds each, and prints the
 * process's VmRSS after loading and after the runs, with texts per second per batch size. One configuration per JVM
 * (RSS is per process), e.g.
 * {@code java -cp ... io.tollgate.bench.worker.WorkerMemoryBench --savings=none|ARENA,PATTERN,PREPACK --seconds=3
 * [--threads=N]} (ORT intra-op threads per session; 0 = ORT's default).
 */
public final class WorkerMemoryBench {
    public static void main(String[] args) throws Exception {
        Set<MemorySaving> savings = EnumSet.noneOf(MemorySaving.class);
        int seconds = 3;
        int threads = 0;
        for (String a : args) {
            if (a.startsWith("--savings=") && !a.equals("--savings=none")) {
                for (String s : a.substring(10).split(",")) {
                    savings.add(MemorySaving.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                }
            } else if (a.startsWith("--seconds=")) {
                seconds = Integer.parseInt(a.substring(10));
            } else if (a.startsWith("--threads=")) {
                threads = Integer.parseInt(a.substring(10));
            }
        }
        List<OnnxEmbedder> models = new ArrayList<>();
        for (ModelSpec spec : ModelSpecs.builtins(BatchPolicy.unbatched(4096), "bench")) {
            models.add(OnnxEmbedder.load(spec, new SessionOptionsFactory(false, 0, threads, false, savings)));
        }
        long loaded = rssKb();
        StringBuilder speed = new StringBuilder();
        for (OnnxEmbedder model : models) {
            for (int batch : new int[] { 1, 8, 32 }) {
                List<String> texts = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    texts.add(WorkerBench.TEXTS[i % WorkerBench.TEXTS.length]);
                }
                Tokenized[] toks = model.tokenize(texts, "inputs").toArray(Tokenized[]::new);
                model.embed(List.of(toks)); // warm
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long n = 0;
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    model.embed(List.of(toks));
                    n += batch;
                }
                speed.append(String.format(Locale.ROOT, " %s@%d %.0f/s", model.spec().name(), batch,
                        n / ((System.nanoTime() - start) / 1e9)));
            }
        }
        System.out.printf(Locale.ROOT, "intra-op threads=%s savings=%s MALLOC_ARENA_MAX=%s rss after load %d MiB, after runs %d MiB;%s%n",
                threads == 0 ? "ORT default" : threads, savings.isEmpty() ? "none" : savings, System.getenv().getOrDefault("MALLOC_ARENA_MAX", "-"),
                loaded / 1024, rssKb() / 1024, speed);
        models.forEach(OnnxEmbedder::close);
    }

    private static long rssKb() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
