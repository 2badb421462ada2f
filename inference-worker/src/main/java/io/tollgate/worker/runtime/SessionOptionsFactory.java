package io.tollgate.worker.runtime;

import java.util.EnumSet;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * ORT session options from the worker config: thread counts, spinning, and the execution provider. CUDA is used only
 * when asked for and available; otherwise the session runs on CPU and a warning says why.
 */
public final class SessionOptionsFactory {
    private static final Logger LOG = Logger.getLogger(SessionOptionsFactory.class);

    private final boolean wantCuda;
    private final int cudaDeviceId;
    private final int intraOpThreads;
    private final boolean allowSpinning;
    private final java.util.Set<MemorySaving> memorySavings;

    /** The options and the provider they ended up with ({@code cpu} or {@code cuda}). */
    public record Options(OrtSession.SessionOptions sessionOptions, String executionProvider) {
    }

    /**
     * ORT memory features that trade resident memory for speed, each switched off by naming it: {@code ARENA} (the CPU
     * arena keeps the largest activation buffers ever used), {@code PATTERN} (memory patterns pre-plan a block per input
     * shape seen), {@code PREPACK} (MLAS keeps a second, pre-packed copy of every MatMul weight). Measured in
     * docs/benchmarks.md (worker memory).
     */
    public enum MemorySaving {
        ARENA, PATTERN, PREPACK;

        /** From config names ({@code arena}, {@code pattern}, {@code prepack}, or {@code none}); an unknown one fails start. */
        public static java.util.Set<MemorySaving> parse(java.util.List<String> names) {
            java.util.Set<MemorySaving> out = java.util.EnumSet.noneOf(MemorySaving.class);
            for (String n : names) {
                String name = n.strip().toUpperCase(java.util.Locale.ROOT);
                if (name.isEmpty() || name.equals("NONE")) {
                    continue;
                }
                try {
                    out.add(valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("tollgate.worker.memory-savings: unknown '" + n.strip()
                            + "'; use arena, pattern, prepack or none");
                }
            }
            return out;
        }
    }

    public SessionOptionsFactory(boolean wantCuda, int cudaDeviceId, int intraOpThreads, boolean allowSpinning) {
        this(wantCuda, cudaDeviceId, intraOpThreads, allowSpinning, java.util.Set.of());
    }

    public SessionOptionsFactory(boolean wantCuda, int cudaDeviceId, int intraOpThreads, boolean allowSpinning,
            java.util.Set<MemorySaving> memorySavings) {
        this.wantCuda = wantCuda;
        this.cudaDeviceId = cudaDeviceId;
        this.intraOpThreads = intraOpThreads;
        this.allowSpinning = allowSpinning;
        this.memorySavings = java.util.Set.copyOf(memorySavings);
    }

    /** CPU, ORT's default thread count, no spinning: for tests and benchmarks. */
    public static SessionOptionsFactory cpu(int intraOpThreads) {
        return new SessionOptionsFactory(false, 0, intraOpThreads, false);
    }

    public Options create(String model) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        try {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                so.setIntraOpNumThreads(intraOpThreads);
            }
            so.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
            if (memorySavings.contains(MemorySaving.ARENA)) {
                so.setCPUArenaAllocator(false);
            }
            if (memorySavings.contains(MemorySaving.PATTERN)) {
                so.setMemoryPatternOptimization(false);
            }
            if (memorySavings.contains(MemorySaving.PREPACK)) {
                so.addConfigEntry("session.disable_prepacking", "1");
            }
            String provider = "cpu";
            if (wantCuda) {
                provider = tryCuda(so, model) ? "cuda" : "cpu";
            }
            return new Options(so, provider);
        } catch (OrtException | RuntimeException e) {
            so.close();
            throw e;
        }
    }

    private boolean tryCuda(OrtSession.SessionOptions so, String model) {
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        if (!available.contains(OrtProvider.CUDA)) {
            LOG.warnf("model %s: execution-provider=cuda but this ONNX Runtime build has no CUDA (available: %s); "
                    + "running on CPU. Build with -Pcuda to get the GPU runtime.", model, available);
            return false;
        }
        try {
            so.addCUDA(cudaDeviceId);
            return true;
        } catch (OrtException | RuntimeException | LinkageError e) {
            LOG.warnf("model %s: CUDA device %d not usable (%s); running on CPU", model, cudaDeviceId, e.getMessage());
            return false;
        }
    }
}
