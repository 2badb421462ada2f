package io.tollgate.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

class SessionOptionsFactoryTest {
    @Test
    void cudaRequestedOnACpuOnlyRuntimeFallsBackToCpu() throws Exception {
        // The default build ships the CPU runtime; with -Pcuda on a GPU machine this test is not meaningful.
        org.junit.jupiter.api.Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA));
        SessionOptionsFactory.Options opts = new SessionOptionsFactory(true, 0, 1, false).create("m");
        try (var so = opts.sessionOptions()) {
            assertEquals("cpu", opts.executionProvider());
        }
    }

    @Test
    void cpuIsTheDefault() throws Exception {
        SessionOptionsFactory.Options opts = SessionOptionsFactory.cpu(2).create("m");
        try (var so = opts.sessionOptions()) {
            assertEquals("cpu", opts.executionProvider());
        }
    }

    @Test
    void memorySavingsAreNamedInConfigAndAnUnknownOneFailsStart() {
        assertEquals(java.util.EnumSet.of(SessionOptionsFactory.MemorySaving.ARENA, SessionOptionsFactory.MemorySaving.PATTERN),
                SessionOptionsFactory.MemorySaving.parse(java.util.List.of("arena", " Pattern ")));
        assertEquals(java.util.Set.of(), SessionOptionsFactory.MemorySaving.parse(java.util.List.of("none")));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> SessionOptionsFactory.MemorySaving.parse(java.util.List.of("arena", "swap")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unknown 'swap'"), e.getMessage());
    }

    @Test
    void aModelLoadsAndEmbedsTheSameWithEveryMemorySaving() throws Exception {
        java.util.List<ModelSpec> specs = ModelSpecs.builtins(io.tollgate.worker.batch.BatchPolicy.unbatched(4096), "test");
        ModelSpec spec = specs.stream().filter(s -> s.name().equals("all-minilm-l6-v2-q")).findFirst().orElseThrow();
        float[] plain;
        try (OnnxEmbedder m = OnnxEmbedder.load(spec, SessionOptionsFactory.cpu(1))) {
            plain = m.embed(m.tokenize(java.util.List.of("How do I reset my password?"), "inputs"))[0];
        }
        var all = java.util.EnumSet.allOf(SessionOptionsFactory.MemorySaving.class);
        try (OnnxEmbedder m = OnnxEmbedder.load(spec, new SessionOptionsFactory(false, 0, 1, false, all))) {
            float[] lean = m.embed(m.tokenize(java.util.List.of("How do I reset my password?"), "inputs"))[0];
            org.junit.jupiter.api.Assertions.assertArrayEquals(plain, lean, 1e-4f);
        }
    }
}
