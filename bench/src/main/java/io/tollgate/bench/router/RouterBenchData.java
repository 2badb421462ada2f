package io.tollgate.bench.router;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.tollgate.replay.store.PythonListLiteral;

/**
 * Reads the RouterBench subset ({@code <datasets>/routing/routerbench-subset/*_train.csv.gz}, see its SOURCE.txt):
 * per prompt, each model's 0/1 score and USD cost. Read in place; never copied into the repository.
 */
public final class RouterBenchData {
    public static final List<String> MODELS = List.of("gpt-4-1106-preview", "gpt-3.5-turbo-1106", "claude-v2",
            "claude-v1", "claude-instant-v1", "meta/llama-2-70b-chat", "mistralai/mixtral-8x7b-chat",
            "mistralai/mistral-7b-chat", "zero-one-ai/Yi-34B-Chat", "WizardLM/WizardLM-13B-V1.2",
            "meta/code-llama-instruct-34b-chat");
    public static final List<String> INTENTS = List.of("reasoning", "code", "commonsense");
    private static final String[][] FILES = { { "arc_challenge_train.csv.gz", "reasoning" },
            { "mbpp_train.csv.gz", "code" }, { "winograde_train.csv.gz", "commonsense" } };

    /**
     * One prompt: its intent (from the benchmark it came from), and per model (MODELS order) score, cost and the
     * recorded answer.
     */
    public record Row(String sampleId, String prompt, String intent, double[] score, double[] costUsd, String[] answer) {
    }

    private RouterBenchData() {
    }

    public static List<Row> load(Path datasets) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String[] f : FILES) {
            Path file = datasets.resolve("routing/routerbench-subset").resolve(f[0]);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                List<List<String>> records = parse(in);
                List<String> header = records.get(0);
                for (List<String> r : records.subList(1, records.size())) {
                    double[] score = new double[MODELS.size()];
                    double[] cost = new double[MODELS.size()];
                    String[] answer = new String[MODELS.size()];
                    for (int m = 0; m < MODELS.size(); m++) {
                        String s = r.get(header.indexOf(MODELS.get(m)));
                        String c = r.get(header.indexOf(MODELS.get(m) + "|total_cost"));
                        score[m] = s.isBlank() ? 0 : Double.parseDouble(s);
                        cost[m] = c.isBlank() ? 0 : Double.parseDouble(c);
                        answer[m] = String.join("", PythonListLiteral.decode(r.get(header.indexOf(MODELS.get(m) + "|model_response"))));
                    }
                    rows.add(new Row(r.get(header.indexOf("sample_id")), prompt(r.get(header.indexOf("prompt"))), f[1],
                            score, cost, answer));
                }
            }
        }
        return rows;
    }

    /** The prompt column is a Python list literal of one string; its quoting is kept out of the text embedded. */
    private static String prompt(String literal) {
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
            s = s.substring(1, s.length() - 1);
        }
        return s.replace("\\n", "\n").replace("\\'", "'");
    }

    /** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
    static List<List<String>> parse(BufferedReader in) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int ch;
        while ((ch = in.read()) != -1) {
            char c = (char) ch;
            if (quoted) {
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                out.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            out.add(row);
        }
        return out;
    }
}
