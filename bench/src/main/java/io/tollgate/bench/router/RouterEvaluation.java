package io.tollgate.bench.router;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.tollgate.router.classify.Logistic;
import io.tollgate.router.classify.SuccessModel;

/**
 * Trains the router's success model on the RouterBench subset and prints cost vs quality on a held-out split.
 *
 * <pre>
 * ./mvnw -q -pl bench exec:java -Dexec.mainClass=io.tollgate.bench.router.RouterEvaluation \
 *     -Dexec.args="../shared/datasets router-service/src/main/resources/tollgate/router-model.json"
 * </pre>
 * The split is deterministic (by a hash of sample_id: 20 % held out), training is deterministic (zero-initialised
 * full-batch gradient descent), so the same data give the same model and the same table. Embeddings are
 * all-MiniLM-L6-v2 (the worker's default model), run in-process here and cached under bench/target.
 */
public final class RouterEvaluation {
    private static final int TAIL_CHARS = 1000;
    private static final int EPOCHS = 300;
    private static final double RATE = 2.0;
    private static final double L2 = 1e-3;

    public static void main(String[] args) throws Exception {
        Path datasets = Path.of(args.length > 0 ? args[0] : "../shared/datasets");
        Path modelOut = args.length > 1 ? Path.of(args[1]) : null;
        List<RouterBenchData.Row> rows = RouterBenchData.load(datasets);
        Map<String, float[]> emb = embeddings(rows, Path.of("bench/target/routerbench-minilm.bin"));

        List<RouterBenchData.Row> train = new ArrayList<>();
        List<RouterBenchData.Row> test = new ArrayList<>();
        for (RouterBenchData.Row r : rows) {
            (Math.floorMod(r.sampleId().hashCode(), 5) == 0 ? test : train).add(r);
        }
        List<double[]> xs = train.stream().map(r -> SuccessModel.normalise(emb.get(r.sampleId()))).toList();
        int[] intents = train.stream().mapToInt(r -> RouterBenchData.INTENTS.indexOf(r.intent())).toArray();
        double[][] intentW = Logistic.trainSoftmax(xs, intents, RouterBenchData.INTENTS.size(), EPOCHS, RATE, L2);
        Map<String, double[]> modelW = new LinkedHashMap<>();
        for (int m = 0; m < RouterBenchData.MODELS.size(); m++) {
            final int mm = m;
            int[] ys = train.stream().mapToInt(r -> r.score()[mm] >= 0.5 ? 1 : 0).toArray();
            modelW.put(RouterBenchData.MODELS.get(m), Logistic.trainBinary(xs, ys, EPOCHS, RATE, L2));
        }
        SuccessModel model = new SuccessModel("all-minilm-l6-v2", TAIL_CHARS, xs.get(0).length,
                RouterBenchData.INTENTS, intentW, modelW,
                "RouterBench subset (arc_challenge, mbpp, winogrande train files), " + train.size()
                        + " prompts; 20% held out by hash(sample_id) % 5 == 0");
        if (modelOut != null) {
            try (OutputStream out = Files.newOutputStream(modelOut)) {
                model.write(out);
            }
            System.out.println("wrote " + modelOut);
        }
        evaluate(model, train, test, emb);
    }

    private static void evaluate(SuccessModel model, List<RouterBenchData.Row> train, List<RouterBenchData.Row> test,
            Map<String, float[]> emb) {
        int n = RouterBenchData.MODELS.size();
        double[] meanCost = new double[n];
        train.forEach(r -> { for (int m = 0; m < n; m++) meanCost[m] += r.costUsd()[m] / train.size(); });
        int premium = RouterBenchData.MODELS.indexOf("gpt-4-1106-preview");
        int cheapest = 0;
        for (int m = 1; m < n; m++) if (meanCost[m] < meanCost[cheapest]) cheapest = m;
        // cheapest-first order by mean training cost: the router's cost order
        List<Integer> byCost = new ArrayList<>();
        for (int m = 0; m < n; m++) byCost.add(m);
        byCost.sort((a, b) -> Double.compare(meanCost[a], meanCost[b]));

        System.out.printf(Locale.ROOT, "held-out prompts: %d (train %d)%n", test.size(), train.size());
        System.out.printf(Locale.ROOT, "%-44s %12s %9s %10s%n", "policy", "USD/1k req", "quality", "vs premium");
        double[] prem = fixed(test, premium);
        row("always premium (gpt-4-1106-preview)", prem, prem);
        double[] cheap = fixed(test, cheapest);
        row("always cheapest (" + RouterBenchData.MODELS.get(cheapest) + ")", cheap, prem);
        double[] oracle = new double[2];
        for (RouterBenchData.Row r : test) {
            int pick = byCost.stream().filter(m -> r.score()[m] >= 0.5).findFirst().orElse(cheapest);
            oracle[0] += r.costUsd()[pick] / test.size();
            oracle[1] += r.score()[pick] / test.size();
        }
        row("oracle (cheapest correct model)", oracle, prem);

        // per-intent static: on train, the cheapest model within 2 points of the intent's best accuracy
        Map<String, Integer> staticPick = new HashMap<>();
        for (String intent : RouterBenchData.INTENTS) {
            double[] acc = new double[n];
            List<RouterBenchData.Row> of = train.stream().filter(r -> r.intent().equals(intent)).toList();
            of.forEach(r -> { for (int m = 0; m < n; m++) acc[m] += r.score()[m] / of.size(); });
            double best = java.util.Arrays.stream(acc).max().orElse(0);
            staticPick.put(intent, byCost.stream().filter(m -> acc[m] >= best - 0.02).findFirst().orElse(premium));
        }
        double[] st = new double[2];
        for (RouterBenchData.Row r : test) {
            int pick = staticPick.get(r.intent());
            st[0] += r.costUsd()[pick] / test.size();
            st[1] += r.score()[pick] / test.size();
        }
        row("per-intent static (true intent) " + staticPick.values(), st, prem);

        int intentHits = 0;
        for (double target : new double[] { 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95 }) {
            double[] t = new double[2];
            intentHits = 0;
            for (RouterBenchData.Row r : test) {
                SuccessModel.Prediction p = model.predict(emb.get(r.sampleId()));
                if (p.intent().equals(r.intent())) intentHits++;
                int pick = -1;
                int strongest = premium;
                double bestP = -1;
                for (int m : byCost) {
                    double s = p.success().get(RouterBenchData.MODELS.get(m));
                    if (s >= target) { pick = m; break; }
                    if (s > bestP) { bestP = s; strongest = m; }
                }
                if (pick < 0) pick = strongest;
                t[0] += r.costUsd()[pick] / test.size();
                t[1] += r.score()[pick] / test.size();
            }
            row(String.format(Locale.ROOT, "tollgate router, quality target %.2f", target), t, prem);
            // random mix of premium and cheapest at the same expected cost (analytic expectation)
            double a = Math.max(0, Math.min(1, (t[0] - cheap[0]) / (prem[0] - cheap[0])));
            row(String.format(Locale.ROOT, "  random at matched cost (%.0f%% premium)", a * 100),
                    new double[] { a * prem[0] + (1 - a) * cheap[0], a * prem[1] + (1 - a) * cheap[1] }, prem);
        }
        System.out.printf(Locale.ROOT, "intent accuracy on held-out: %.3f%n", intentHits / (double) test.size());
    }

    private static double[] fixed(List<RouterBenchData.Row> rows, int m) {
        double[] out = new double[2];
        rows.forEach(r -> { out[0] += r.costUsd()[m] / rows.size(); out[1] += r.score()[m] / rows.size(); });
        return out;
    }

    private static void row(String name, double[] costQuality, double[] premium) {
        System.out.printf(Locale.ROOT, "%-44s %12.4f %9.3f %9.1f%%%n", name, costQuality[0] * 1000, costQuality[1],
                100 * costQuality[0] / premium[0]);
    }

    private static Map<String, float[]> embeddings(List<RouterBenchData.Row> rows, Path cache) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        if (Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String id = in.readUTF();
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
                    out.put(id, v);
                }
            }
            if (rows.stream().allMatch(r -> out.containsKey(r.sampleId()))) {
                return out;
            }
            out.clear();
        }
        AllMiniLmL6V2EmbeddingModel embedder = new AllMiniLmL6V2EmbeddingModel();
        int done = 0;
        for (RouterBenchData.Row r : rows) {
            out.put(r.sampleId(), embedder.embed(SuccessModel.tail(r.prompt(), TAIL_CHARS)).content().vector());
            if (++done % 250 == 0) System.err.println("embedded " + done + "/" + rows.size());
        }
        Files.createDirectories(cache.getParent());
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            o.writeInt(out.size());
            for (Map.Entry<String, float[]> e : out.entrySet()) {
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().length);
                for (float f : e.getValue()) o.writeFloat(f);
            }
        }
        return out;
    }
}
