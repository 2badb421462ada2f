package io.tollgate.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.worker.batch.BatchPolicy;

class OnnxEmbedderTest {
    /** Texts of different lengths, so a batch of them is padded. All under LangChain4j's 128-token cut. */
    static final List<String> TEXTS = List.of(
            "Hello world",
            "The quick brown fox jumps over the lazy dog near the riverbank at dawn.",
            "How do I reset my password?",
            "Tollgate routes each request to the cheapest model that is good enough, and caches answers per tenant.",
            "ok");
    static final float TOLERANCE = 1e-4f;

    static OnnxEmbedder fp32;
    static OnnxEmbedder int8;

    @BeforeAll
    static void load() throws Exception {
        BatchPolicy policy = new BatchPolicy(8, List.of(), Duration.ZERO, 64);
        List<ModelSpec> specs = ModelSpecs.builtins(policy, "test");
        fp32 = OnnxEmbedder.load(specs.get(0), SessionOptionsFactory.cpu(1));
        int8 = OnnxEmbedder.load(specs.get(1), SessionOptionsFactory.cpu(1));
    }

    @AfterAll
    static void close() {
        fp32.close();
        int8.close();
    }

    @Test
    void singleAndBatchedMatchLangChain4jFp32() throws Exception {
        assertMatches(fp32, new AllMiniLmL6V2EmbeddingModel());
    }

    /**
     * The int8 model quantises activations dynamically with one scale per tensor, so a text's vector depends a little on
     * what else is in its batch (padding included): single runs match LangChain4j exactly, batched ones only closely
     * (cosine 0.957 for the 3-token "ok" padded to the longest text here; fp32 has no such effect).
     */
    @Test
    void singleMatchesLangChain4jAndBatchedStaysCloseInt8() throws Exception {
        EmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        float[][] batched = int8.embed(int8.tokenize(TEXTS, "inputs"));
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            float[] single = int8.embed(int8.tokenize(List.of(TEXTS.get(i)), "inputs"))[0];
            assertArrayEquals(expected, single, TOLERANCE, "single, text " + i);
            double cosine = cosine(expected, batched[i]);
            assertTrue(cosine > 0.95, "batched, text " + i + ": cosine " + cosine);
        }
    }

    private static void assertMatches(OnnxEmbedder embedder, EmbeddingModel reference) throws Exception {
        float[][] batched = embedder.embed(embedder.tokenize(TEXTS, "inputs"));
        assertEquals(TEXTS.size(), batched.length);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TEXTS.get(i)).content().vector();
            float[] single = embedder.embed(embedder.tokenize(List.of(TEXTS.get(i)), "inputs"))[0];
            assertEquals(ModelSpecs.MINILM_DIMENSIONS, single.length);
            assertArrayEquals(expected, single, TOLERANCE, "single, text " + i);
            assertArrayEquals(expected, batched[i], TOLERANCE, "batched, text " + i);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void overlongTextIsTruncatedToTheModelLimitKeepingSep() {
        String longText = "word ".repeat(400);
        Tokenized t = fp32.tokenize(List.of(longText), "inputs").get(0);
        Tokenized full = fp32.tokenize(List.of("word"), "inputs").get(0);
        assertTrue(t.truncated());
        assertEquals(ModelSpecs.MINILM_MAX_TOKENS, t.tokens());
        assertEquals(full.ids()[full.tokens() - 1], t.ids()[t.tokens() - 1], "ends with [SEP]");
        assertFalse(full.truncated());
    }

    @Test
    void overlongTextIsRejectedWhenTheModelSaysReject() throws Exception {
        ModelSpec builtin = fp32.spec();
        ModelSpec strict = new ModelSpec("strict", "embedding", builtin.source().replace(".onnx", "-q.onnx"),
                builtin.tokenizer(), List.of(), "", 384, 16, OverflowPolicy.REJECT, true, builtin.batching(), "test");
        try (OnnxEmbedder e = OnnxEmbedder.load(strict, SessionOptionsFactory.cpu(1))) {
            TollgateException ex = assertThrows(TollgateException.class,
                    () -> e.tokenize(List.of("short", "word ".repeat(40)), "inputs"));
            assertEquals(ErrorKind.INVALID_REQUEST, ex.kind());
            assertEquals("inputs[1]", ex.param());
        }
    }

    @Test
    void blankTextIsRejectedNamingItsIndex() {
        TollgateException ex = assertThrows(TollgateException.class, () -> fp32.tokenize(List.of("fine", "  \n"), "inputs"));
        assertEquals(ErrorKind.INVALID_REQUEST, ex.kind());
        assertEquals("inputs[1]", ex.param());
    }
}
