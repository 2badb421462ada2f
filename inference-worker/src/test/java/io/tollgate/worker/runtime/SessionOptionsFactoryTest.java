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
}
