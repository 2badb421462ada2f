package io.tollgate.suite.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * Reads the public evaluation data in {@code ../shared/datasets} (never copied into the repository): real prompts,
 * recorded model scores, paraphrase pairs and arrival times.
 */
public final class Datasets {
    public static final String PREMIUM = "gpt-4-1106-preview";

    /**
     * Current model names that the replay provider answers with another model's RouterBench recordings
     * (its default {@code tollgate.replay.aliases}); their answers are scored as that model's.
     */
    public static final Map<String, String> RECORDED_AS = Map.of(
            "gpt-4o", "gpt-4-1106-preview",
            "gpt-4o-mini", "gpt-3.5-turbo-1106",
            "claude-3-5-sonnet", "claude-v2",
            "claude-3-5-haiku", "claude-instant-v1");

    private final Path dir;

    public Datasets(Path dir) {
        this.dir = dir;
    }

    /** {@code datasets} beside the checkout's parent ({@code ../shared/datasets}), or a parent's {@code shared/datasets}. */
    public static Path locate(Path repoRoot) {
        String configured = System.getProperty("tollgate.datasets-dir", System.getenv("TOLLGATE_DATASETS_DIR"));
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p = repoRoot.toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/datasets folder above " + repoRoot
                + "; set TOLLGATE_DATASETS_DIR to the evaluation data folder");
    }

    /** One RouterBench prompt with each model's 0/1 score. */
    public record BenchPrompt(String sampleId, String evalName, String prompt, Map<String, Double> scores) {
    }

    public List<BenchPrompt> routerBench(String file, int limit) throws IOException {
        List<BenchPrompt> out = new ArrayList<>();
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("routing/routerbench-subset").resolve(file)));
             MappingIterator<List<String>> rows = mapper.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(in)) {
            List<String> header = rows.next();
            while (rows.hasNext() && out.size() < limit) {
                List<String> row = rows.next();
                Map<String, Double> scores = new java.util.HashMap<>();
                for (int i = 0; i < header.size() && i < row.size(); i++) {
                    String h = header.get(i);
                    if (i >= 4 && !h.contains("|") && !h.equals("oracle_model_to_route_to") && !row.get(i).isBlank()) {
                        scores.put(h, Double.parseDouble(row.get(i)));
                    }
                }
                out.add(new BenchPrompt(row.get(1), row.get(3), pythonListText(row.get(2)), scores));
            }
        }
        return out;
    }

    /** RouterBench stores each prompt as a Python list literal of one string: {@code ['text']}; this returns the text. */
    public static String pythonListText(String literal) {
        String s = literal.strip();
        if (s.length() < 4 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return s;
        }
        char quote = s.charAt(1);
        int end = s.lastIndexOf(quote);
        if ((quote != '\'' && quote != '"') || end <= 1) {
            return s;
        }
        String body = s.substring(2, end);
        StringBuilder b = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** First human turns of real ChatGPT users (ShareGPT samples). */
    public List<String> shareGptPrompts(int limit) throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode all = new ObjectMapper().readTree(dir.resolve("cache/sharegpt-prompts/ShareGPT_V3_filtered_500.json").toFile());
        for (JsonNode conv : all) {
            JsonNode first = conv.path("conversations").path(0);
            if ("human".equals(first.path("from").asText()) && !first.path("value").asText().isBlank()) {
                out.add(first.path("value").asText());
            }
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** A labelled Quora question pair: duplicate = same question asked in other words. */
    public record QuestionPair(String a, String b, boolean duplicate) {
    }

    public List<QuestionPair> qqpPairs(int limit) throws IOException {
        List<QuestionPair> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve("cache/qqp/qqp_pairs.tsv.gz"))), StandardCharsets.UTF_8))) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null && out.size() < limit) {
                String[] f = line.split("\t", -1);
                if (f.length >= 4 && !f[1].isBlank() && !f[2].isBlank()) {
                    out.add(new QuestionPair(f[1], f[2], "1".equals(f[3].strip())));
                }
            }
        }
        return out;
    }

    /** Seconds since the first request of Azure's 2023 conversation trace, for each request. */
    public double[] azureConversationArrivals(int limit) throws IOException {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSS");
        List<Double> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("traces/azure-2023/AzureLLMInferenceTrace_conv.csv"))) {
            r.readLine();
            String line;
            LocalDateTime first = null;
            while ((line = r.readLine()) != null && out.size() < limit) {
                String ts = line.substring(0, line.indexOf(','));
                // the trace's fraction has 7 digits; pad shorter ones
                int dot = ts.indexOf('.');
                ts = dot < 0 ? ts + ".0000000" : ts + "0000000".substring(Math.min(7, ts.length() - dot - 1));
                LocalDateTime t = LocalDateTime.parse(ts, fmt);
                if (first == null) {
                    first = t;
                }
                out.add(java.time.Duration.between(first, t).toNanos() / 1e9);
            }
        }
        double[] a = new double[out.size()];
        Iterator<Double> it = out.iterator();
        for (int i = 0; i < a.length; i++) {
            a[i] = it.next();
        }
        return a;
    }
}
