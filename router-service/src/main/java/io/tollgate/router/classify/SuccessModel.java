package io.tollgate.router.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The trained classifier: from a prompt embedding, a softmax over intents and, per model, a logistic regression giving
 * the probability that the model answers correctly, refined (when the file holds {@link Neighbours}) by the models'
 * hit rates among the k nearest training prompts. Difficulty is one minus the mean success probability over models.
 * Plain Java and immutable, so it is thread-safe and native-image friendly. Weight vectors hold the bias last.
 */
public record SuccessModel(String embeddingModel, int tailChars, int dims, List<String> intents, double[][] intentWeights,
        Map<String, double[]> modelWeights, Neighbours neighbours, String trainedOn) {

    /** Output size of the embedding models a trained file may name; a file whose dims disagree is rejected at start. */
    public static final Map<String, Integer> EMBEDDING_DIMS = Map.of("all-minilm-l6-v2", 384, "all-minilm-l6-v2-q", 384);

    public record Prediction(String intent, double intentProbability, double difficulty, Map<String, Double> success) {
    }

    /** The text the model was trained on: the end of the prompt, where the question sits after few-shot examples. */
    public static String tail(String prompt, int tailChars) {
        return prompt.length() <= tailChars ? prompt : prompt.substring(prompt.length() - tailChars);
    }

    public Prediction predict(float[] embedding) {
        if (embedding.length != dims) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dims, model expects " + dims);
        }
        double[] x = normalise(embedding);
        double[] p = Logistic.softmax(intentWeights, x);
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        Map<String, Double> success = new LinkedHashMap<>();
        double sum = 0;
        for (Map.Entry<String, double[]> e : modelWeights.entrySet()) {
            double s = Logistic.sigmoid(Logistic.dot(e.getValue(), x));
            success.put(e.getKey(), s);
        }
        if (neighbours != null) {
            success = neighbours.estimate(x, success);
        }
        for (double s : success.values()) {
            sum += s;
        }
        double difficulty = success.isEmpty() ? 0.5 : 1 - sum / success.size();
        return new Prediction(intents.get(best), p[best], difficulty, success);
    }

    /** L2-normalises, so the model does not depend on whether the embedder already did. */
    public static double[] normalise(float[] v) {
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : v[i] / norm;
        }
        return out;
    }

    public static SuccessModel read(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<String> intents = new java.util.ArrayList<>();
        root.path("intents").forEach(n -> intents.add(n.asText()));
        JsonNode iw = root.path("intent-weights");
        double[][] intentWeights = new double[iw.size()][];
        for (int i = 0; i < iw.size(); i++) {
            intentWeights[i] = vector(iw.get(i));
        }
        Map<String, double[]> models = new LinkedHashMap<>();
        root.path("models").properties().forEach(e -> models.put(e.getKey(), vector(e.getValue())));
        int dims = root.path("dims").asInt();
        for (double[] w : models.values()) {
            if (w.length != dims + 1) {
                throw new IOException("success model weights have " + w.length + " values; expected dims + 1 = " + (dims + 1));
            }
        }
        for (double[] w : intentWeights) {
            if (w.length != dims + 1) {
                throw new IOException("intent weights have " + w.length + " values; expected dims + 1 = " + (dims + 1));
            }
        }
        Neighbours neighbours = null;
        JsonNode nb = root.path("neighbours");
        if (nb.isObject()) {
            byte[] vectors = java.util.Base64.getDecoder().decode(nb.path("vectors").asText());
            int n = vectors.length / dims;
            Map<String, boolean[]> outcomes = new LinkedHashMap<>();
            nb.path("outcomes").properties().forEach(e -> outcomes.put(e.getKey(), Neighbours.decode(e.getValue().asText(), n)));
            try {
                neighbours = new Neighbours(nb.path("k").asInt(), nb.path("alpha").asDouble(), nb.path("scale").asDouble(),
                        dims, vectors, outcomes);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return new SuccessModel(root.path("embedding-model").asText(), root.path("tail-chars").asInt(1000), dims,
                List.copyOf(intents), intentWeights, models, neighbours, root.path("trained-on").asText(""));
    }

    public void write(OutputStream out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", 1).put("embedding-model", embeddingModel).put("tail-chars", tailChars).put("dims", dims)
                .put("trained-on", trainedOn);
        ArrayNode in = root.putArray("intents");
        intents.forEach(in::add);
        ArrayNode iw = root.putArray("intent-weights");
        for (double[] w : intentWeights) {
            array(iw.addArray(), w);
        }
        ObjectNode models = root.putObject("models");
        modelWeights.forEach((k, w) -> array(models.putArray(k), w));
        if (neighbours != null) {
            ObjectNode nb = root.putObject("neighbours");
            nb.put("k", neighbours.k()).put("alpha", neighbours.alpha()).put("scale", neighbours.scale())
                    .put("vectors", java.util.Base64.getEncoder().encodeToString(neighbours.vectors()));
            ObjectNode outcomes = nb.putObject("outcomes");
            neighbours.outcomes().forEach((k, hits) -> outcomes.put(k, Neighbours.encode(hits)));
        }
        json.writeValue(out, root);
    }

    private static void array(ArrayNode node, double[] w) {
        for (double d : w) {
            // six significant digits keep the file small; the loss of precision is far below the weights' noise
            node.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", d)));
        }
    }

    private static double[] vector(JsonNode n) {
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }
}
