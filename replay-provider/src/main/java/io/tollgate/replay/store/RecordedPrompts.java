package io.tollgate.replay.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.zip.GZIPInputStream;

/**
 * Finds RouterBench ARC prompts (read in place from the shared datasets, as this provider does) by what two models
 * answered them, so that the router's and the suite's tests send prompts this provider has real recordings for.
 * Test support: the provider itself never calls it.
 */
public final class RecordedPrompts {
    private static final String ARC = DatasetLocator.ROUTERBENCH + "/arc_challenge_train.csv.gz";

    private RecordedPrompts() {
    }

    /**
     * The first ARC prompt, as a client sends it, whose recorded answers (stripped) of models {@code a} and {@code b}
     * satisfy {@code test}; {@code datasets}: the folder that holds {@code routing/}.
     */
    public static String first(Path datasets, String a, String b, BiPredicate<String, String> test) throws IOException {
        Path file = datasets.resolve(ARC);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            CsvReader csv = new CsvReader(in);
            List<String> header = csv.next();
            Map<String, Integer> column = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                column.put(header.get(i), i);
            }
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() != header.size()) {
                    continue;
                }
                String answerA = String.join("", PythonListLiteral.decode(row.get(column.get(a + "|model_response"))));
                String answerB = String.join("", PythonListLiteral.decode(row.get(column.get(b + "|model_response"))));
                if (test.test(answerA.strip(), answerB.strip())) {
                    return String.join("\n", PythonListLiteral.decode(row.get(column.get("prompt"))));
                }
            }
        }
        throw new IllegalStateException("no ARC prompt in " + file + " matches");
    }
}
