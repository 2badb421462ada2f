package io.tollgate.bench.router;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads RouteLLM's MMLU answers ({@code <datasets>/routing/routellm-evals/mmlu/responses/mmlu_<subject>.csv}, see its
 * SOURCE.txt): per question, whether Mixtral-8x7B-Instruct and GPT-4-1106-preview answered correctly. The files carry
 * no cost, so cost is priced here from the prompt length (see {@link #costUsd}). Read in place.
 */
public final class MmluData {
    /** Index 0 is the cheap model, 1 the strong one. */
    public static final List<String> MODELS = List.of("mistralai/mixtral-8x7b-chat", "gpt-4-1106-preview");
    /** USD per token, input and output, from tollgate-common's prices.json (together_ai Mixtral; OpenAI GPT-4 Turbo). */
    private static final double[][] PRICE = { { 0.6e-6, 0.6e-6 }, { 10e-6, 30e-6 } };
    /** An MMLU answer is one letter, often with a short sentence: a few tokens, priced as 5. */
    private static final int OUTPUT_TOKENS = 5;

    /** One question: {@code sampleId} = subject#row, its subject, and per model (MODELS order) 0/1 score and USD cost. */
    public record Row(String sampleId, String prompt, String subject, double[] score, double[] costUsd) {
    }

    private MmluData() {
    }

    public static List<Row> load(Path datasets) throws IOException {
        Path dir = datasets.resolve("routing/routellm-evals/mmlu/responses");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            String subject = file.getFileName().toString().replaceFirst("^mmlu_", "").replaceFirst("\\.csv$", "");
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<List<String>> records = RouterBenchData.parse(in);
                List<String> header = records.get(0);
                int prompt = header.indexOf("prompt");
                int[] cols = { header.indexOf("mistralai/Mixtral-8x7B-Instruct-v0.1"), header.indexOf("gpt-4-1106-preview") };
                for (int i = 1; i < records.size(); i++) {
                    List<String> r = records.get(i);
                    if (r.size() < header.size()) {
                        continue;
                    }
                    double[] score = new double[2];
                    double[] cost = new double[2];
                    for (int m = 0; m < 2; m++) {
                        score[m] = Boolean.parseBoolean(r.get(cols[m]).strip()) ? 1 : 0;
                        cost[m] = costUsd(m, r.get(prompt));
                    }
                    rows.add(new Row(subject + "#" + i, r.get(prompt), subject, score, cost));
                }
            }
        }
        return rows;
    }

    /** Input tokens estimated as characters / 4 (English text with an OpenAI-style tokenizer). */
    static double costUsd(int model, String prompt) {
        double inputTokens = Math.ceil(prompt.length() / 4.0);
        return inputTokens * PRICE[model][0] + OUTPUT_TOKENS * PRICE[model][1];
    }
}
