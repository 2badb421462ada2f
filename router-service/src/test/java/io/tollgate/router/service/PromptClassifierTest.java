package io.tollgate.router.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tollgate.router.classify.SuccessModel;

class PromptClassifierTest {
    private static SuccessModel model(String embeddingModel, int dims) {
        return new SuccessModel(embeddingModel, 1000, dims, List.of("code"), new double[][] { new double[dims + 1] },
                Map.of("gpt-4-1106-preview", new double[dims + 1]), null, "test");
    }

    @Test
    void startUpRejectsAModelWhoseDimsDisagreeWithItsEmbeddingModel() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PromptClassifier.validated(model("all-minilm-l6-v2", 768), "m.json"));
        assertTrue(e.getMessage().contains("768") && e.getMessage().contains("384") && e.getMessage().contains("retrain"),
                e.getMessage());
    }

    @Test
    void startUpRejectsAnUnknownEmbeddingModel() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PromptClassifier.validated(model("bge-large", 1024), "m.json"));
        assertTrue(e.getMessage().contains("bge-large"), e.getMessage());
    }

    @Test
    void startUpAcceptsAMatchingModel() {
        PromptClassifier.validated(model("all-minilm-l6-v2-q", 384), "m.json");
    }
}
