package io.tollgate.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the worker reads from config ({@code tollgate.worker.*}); environment variables override
 * ({@code TOLLGATE_WORKER_EXECUTION_PROVIDER=cuda}). The batching block is the default for every model; a model
 * directory entry may override it per model.
 */
@ConfigMapping(prefix = "tollgate.worker")
public interface WorkerConfig {

    /** Model used when a request names none. Default {@code all-minilm-l6-v2}. */
    @WithDefault("all-minilm-l6-v2")
    String defaultModel();

    /** Serve the two MiniLM models shipped in the LangChain4j jars. Default {@code true}. */
    @WithDefault("true")
    boolean builtinModels();

    /**
     * Folder with one sub-folder per extra model, each holding a {@code model.properties} (see README). Unset (the
     * default): built-in models only.
     */
    Optional<Path> modelDir();

    /** {@code cpu} (default) or {@code cuda}; cuda falls back to cpu with a warning when no GPU runtime is usable. */
    @WithDefault("cpu")
    ExecutionProvider executionProvider();

    /** CUDA device ordinal when {@code execution-provider=cuda}. Default 0. */
    @WithDefault("0")
    int cudaDeviceId();

    /** ONNX Runtime intra-op threads per model session; 0 lets ORT choose (one per physical core). Default 0. */
    @WithDefault("0")
    int intraOpThreads();

    /**
     * Whether ORT's intra-op threads spin while idle. Spinning lowers latency by a few microseconds but burns a core
     * when idle; off by default because the worker shares its cores. Default {@code false}.
     */
    @WithDefault("false")
    boolean allowSpinning();

    /**
     * ORT memory features switched off to keep the worker's resident memory down ({@code arena}, {@code pattern},
     * {@code prepack}; see SessionOptionsFactory.MemorySaving). Default {@code arena,pattern}: measured to cost no
     * throughput (docs/benchmarks.md, worker memory); {@code prepack} saves a little more but slows single texts ~25 %.
     */
    @WithDefault("arena,pattern")
    java.util.List<String> memorySavings();

    /** Threads per model that form and run batches (batches running at once per model). Default 1. */
    @WithDefault("1")
    int batchThreads();

    /** Most texts in one Embed request; more is INVALID_ARGUMENT on {@code inputs}. Default 256. */
    @WithDefault("256")
    int maxInputsPerRequest();

    /** The dynamic batcher's defaults for every model. */
    Batching batching();

    /** Instance price class put on every embed cost event (attribute {@code price_class}). Default {@code cpu-standard}. */
    @WithDefault("cpu-standard")
    String priceClass();

    interface Batching {
        /** {@code false} runs every text alone (batch size 1): a baseline for benchmarks. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Most texts in one ORT run. Default 32. */
        @WithDefault("32")
        int maxBatchSize();

        /** Batch sizes formed at once when that many texts wait, without waiting out the delay. Default 8,16. */
        @WithDefault("8,16")
        List<Integer> preferredBatchSizes();

        /** How long the oldest waiting text may wait for a batch to fill. Default 2 ms. */
        @WithDefault("PT0.002S")
        Duration maxQueueDelay();

        /** Most texts waiting per model; beyond it requests get RESOURCE_EXHAUSTED. Default 1024. */
        @WithDefault("1024")
        int queueCapacity();
    }

    enum ExecutionProvider {
        CPU,
        CUDA
    }
}
