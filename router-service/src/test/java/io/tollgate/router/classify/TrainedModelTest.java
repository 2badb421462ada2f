package io.tollgate.router.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shipped router-model.json (written by bench's RouterEvaluation) on a recorded prompt: an ARC question whose
 * all-minilm-l6-v2-q embedding is in hard-prompt-embedding.json (computed by the same command's embedder, so this test
 * needs no worker). RouterBench answers for it: GPT-4 right, Mistral-7B wrong.
 */
class TrainedModelTest {
    /** Cheapest first, as the catalogue orders these models by price. */
    private static final List<String> BY_COST = List.of("mistralai/mistral-7b-chat", "WizardLM/WizardLM-13B-V1.2",
            "mistralai/mixtral-8x7b-chat", "meta/code-llama-instruct-34b-chat", "zero-one-ai/Yi-34B-Chat",
            "claude-instant-v1", "meta/llama-2-70b-chat", "gpt-3.5-turbo-1106", "claude-v1", "claude-v2",
            "gpt-4-1106-preview");

    @Test
    void shippedModelMatchesItsEmbeddingModelAndKnowsEveryRouterBenchModel() throws IOException {
        SuccessModel m = shipped();
        assertEquals(SuccessModel.EMBEDDING_DIMS.get(m.embeddingModel()), m.dims());
        assertEquals(Map.copyOf(m.modelWeights()).keySet(), java.util.Set.copyOf(BY_COST));
    }

    @Test
    void lowTargetPicksACheapModelAndHighTargetPicksPremiumForAHardPrompt() throws IOException {
        SuccessModel m = shipped();
        JsonNode fixture;
        try (InputStream in = resource("tollgate/hard-prompt-embedding.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        assertEquals(m.embeddingModel(), fixture.path("embedding-model").asText());
        float[] e = new float[fixture.path("embedding").size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = (float) fixture.path("embedding").get(i).asDouble();
        }
        Map<String, Double> p = m.predict(e).success();
        // RouterBench's mean USD per 1k requests of each model (training part), made relative to the dearest's (GPT-4)
        Map<String, Double> cost = Choice.relative(Map.ofEntries(Map.entry("mistralai/mistral-7b-chat", 0.082),
                Map.entry("WizardLM/WizardLM-13B-V1.2", 0.124), Map.entry("mistralai/mixtral-8x7b-chat", 0.249),
                Map.entry("meta/code-llama-instruct-34b-chat", 0.313), Map.entry("zero-one-ai/Yi-34B-Chat", 0.33),
                Map.entry("claude-instant-v1", 0.367), Map.entry("meta/llama-2-70b-chat", 0.379),
                Map.entry("gpt-3.5-turbo-1106", 0.422), Map.entry("claude-v1", 3.61), Map.entry("claude-v2", 3.82),
                Map.entry("gpt-4-1106-preview", 5.04)), 5.04);
        String low = Choice.bestValue(BY_COST, p, cost, 0.5);
        String high = Choice.bestValue(BY_COST, p, cost, 1.0);
        assertEquals("gpt-4-1106-preview", high, p.toString());
        assertNotEquals("gpt-4-1106-preview", low);
        assertTrue(BY_COST.indexOf(low) <= BY_COST.indexOf("mistralai/mixtral-8x7b-chat"), low + " is not a cheap model");
    }

    private static SuccessModel shipped() throws IOException {
        try (InputStream in = resource("tollgate/router-model.json")) {
            return SuccessModel.read(in);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = TrainedModelTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " missing: train it with bench's RouterEvaluation (router-service/README.md)");
        }
        return in;
    }
}
