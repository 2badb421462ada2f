package io.tollgate.worker.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tollgate.common.error.TollgateException;

/**
 * A BERT-style sentence encoder on ONNX Runtime: tokenises, runs a whole batch as one padded tensor
 * {@code [batch, longest, ...]} with an attention mask, then mean-pools each text over its real tokens and
 * L2-normalises. For texts within LangChain4j's limits this equals {@code AllMiniLmL6V2EmbeddingModel} (which runs one
 * text per ORT call).
 *
 * <p>Thread-safe: ORT sessions and HuggingFace tokenizers may be used from many threads at once.
 */
public final class OnnxEmbedder implements AutoCloseable {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final ModelSpec spec;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Set<String> inputs;
    private final String output;
    private final String executionProvider;

    private OnnxEmbedder(ModelSpec spec, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
            String executionProvider) throws OrtException {
        this.spec = spec;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.executionProvider = executionProvider;
        this.inputs = spec.inputs().isEmpty() ? session.getInputNames() : Set.copyOf(spec.inputs());
        if (!session.getInputNames().containsAll(inputs)) {
            throw new IllegalStateException("model " + spec.name() + " declares inputs " + inputs + " but the .onnx file has "
                    + session.getInputNames() + "; fix 'inputs' in its model.properties");
        }
        if (!inputs.contains(INPUT_IDS)) {
            throw new IllegalStateException("model " + spec.name() + " has no input named input_ids (inputs: " + inputs + ")");
        }
        this.output = spec.output().isBlank() ? session.getOutputNames().iterator().next() : spec.output();
        if (!session.getOutputNames().contains(output)) {
            throw new IllegalStateException("model " + spec.name() + " has no output named " + output + " (outputs: "
                    + session.getOutputNames() + "); fix 'output' in its model.properties");
        }
    }

    /** Loads the model and its tokenizer; any failure (missing file, broken .onnx) is thrown to the caller. */
    public static OnnxEmbedder load(ModelSpec spec, SessionOptionsFactory options) throws OrtException, IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        HuggingFaceTokenizer tokenizer = loadTokenizer(spec.tokenizer());
        SessionOptionsFactory.Options opts = options.create(spec.name());
        try (OrtSession.SessionOptions so = opts.sessionOptions()) {
            OrtSession session = createSession(env, spec.source(), so);
            try {
                return new OnnxEmbedder(spec, env, session, tokenizer, opts.executionProvider());
            } catch (RuntimeException | OrtException e) {
                session.close();
                tokenizer.close();
                throw e;
            }
        } catch (RuntimeException | OrtException | IOException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer loadTokenizer(String location) throws IOException {
        // We pad and truncate ourselves: the shipped tokenizer.json pads every text to 128 and cuts at 128.
        Map<String, String> options = Map.of("padding", "false", "truncation", "false");
        if (location.startsWith("classpath:")) {
            try (InputStream in = openResource(location)) {
                return HuggingFaceTokenizer.newInstance(in, options);
            }
        }
        return HuggingFaceTokenizer.newInstance(Path.of(location), options);
    }

    private static OrtSession createSession(OrtEnvironment env, String location, OrtSession.SessionOptions so)
            throws OrtException, IOException {
        if (!location.startsWith("classpath:")) {
            return env.createSession(location, so);
        }
        // Through a temporary file rather than a byte[]: the fp32 model is 90 MB and the heap stays small (-Xmx256m).
        Path tmp = Files.createTempFile("tollgate-model-", ".onnx");
        try {
            try (InputStream in = openResource(location)) {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return env.createSession(tmp.toString(), so);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InputStream openResource(String location) throws IOException {
        String name = location.substring("classpath:".length());
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name);
        }
        if (in == null) {
            throw new IOException("resource " + name + " not on the classpath");
        }
        return in;
    }

    public ModelSpec spec() {
        return spec;
    }

    public String executionProvider() {
        return executionProvider;
    }

    /**
     * Tokenises texts (one native call for the lot), applying the model's limit.
     *
     * @param field the request field the texts came from, for error messages ({@code inputs})
     */
    public List<Tokenized> tokenize(List<String> texts, String field) {
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                throw TollgateException.invalid(field + "[" + i + "]", "input " + i + " is empty or blank");
            }
        }
        Encoding[] encodings = texts.size() == 1
                ? new Encoding[] { tokenizer.encode(texts.get(0), true, false) }
                : tokenizer.batchEncode(texts, true, false);
        List<Tokenized> out = new ArrayList<>(encodings.length);
        for (int i = 0; i < encodings.length; i++) {
            out.add(limit(encodings[i].getIds(), field + "[" + i + "]"));
        }
        return out;
    }

    private Tokenized limit(long[] ids, String field) {
        // Two tokens are [CLS] and [SEP] alone: the text had nothing the vocabulary knows.
        if (ids.length <= 2) {
            throw TollgateException.invalid(field, field + " has no tokens");
        }
        int max = spec.maxInputTokens();
        if (ids.length <= max) {
            return new Tokenized(ids, false);
        }
        if (spec.overflow() == OverflowPolicy.REJECT) {
            throw TollgateException.invalid(field, field + " has " + ids.length + " tokens; model " + spec.name()
                    + " accepts at most " + max);
        }
        long[] cut = java.util.Arrays.copyOf(ids, max);
        cut[max - 1] = ids[ids.length - 1];
        return new Tokenized(cut, true);
    }

    /**
     * Embeds one batch in one ORT run. Texts are right-padded with id 0 to the longest; padding is masked out of the
     * attention and of the mean.
     */
    public float[][] embed(List<Tokenized> batch) throws OrtException {
        int n = batch.size();
        int len = 0;
        for (Tokenized t : batch) {
            len = Math.max(len, t.tokens());
        }
        long[] ids = new long[n * len];
        long[] mask = new long[n * len];
        for (int i = 0; i < n; i++) {
            long[] src = batch.get(i).ids();
            System.arraycopy(src, 0, ids, i * len, src.length);
            java.util.Arrays.fill(mask, i * len, i * len + src.length, 1L);
        }
        long[] shape = { n, len };
        Map<String, OnnxTensor> feed = new HashMap<>(4);
        try {
            feed.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            if (inputs.contains(ATTENTION_MASK)) {
                feed.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            }
            if (inputs.contains(TOKEN_TYPE_IDS)) {
                feed.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(output))) {
                OnnxValue value = result.get(output).orElseThrow();
                OnnxTensor hidden = (OnnxTensor) value;
                long[] outShape = hidden.getInfo().getShape();
                int dim = (int) outShape[2];
                return meanPool(hidden.getFloatBuffer(), batch, len, dim);
            }
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] meanPool(FloatBuffer hidden, List<Tokenized> batch, int len, int dim) {
        float[][] out = new float[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            int tokens = batch.get(i).tokens();
            float[] v = new float[dim];
            int base = i * len * dim;
            for (int t = 0; t < tokens; t++) {
                int row = base + t * dim;
                for (int d = 0; d < dim; d++) {
                    v[d] += hidden.get(row + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] /= tokens;
                norm += (double) v[d] * v[d];
            }
            if (spec.normalize() && norm > 0) {
                float inv = (float) (1.0 / Math.sqrt(norm));
                for (int d = 0; d < dim; d++) {
                    v[d] *= inv;
                }
            }
            out[i] = v;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown: nothing to do about it
        }
        tokenizer.close();
    }
}
