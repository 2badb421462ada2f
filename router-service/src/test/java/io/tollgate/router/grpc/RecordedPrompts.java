package io.tollgate.router.grpc;

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

import io.tollgate.replay.store.CsvReader;
import io.tollgate.replay.store.PythonListLiteral;

/**
 * Finds RouterBench ARC prompts (read in place from the shared datasets, as the replay provider does) by what two
 * models answered them, so that tests send prompts the replay provider has real recordings for.
 */
final class RecordedPrompts {
    static final Path ARC = Path.of("../../shared/datasets/routing/routerbench-subset/arc_challenge_train.csv.gz");

    private RecordedPrompts() {
    }

    /** The first ARC prompt whose recorded answers of models {@code a} and {@code b} satisfy {@code test}. */
    static String first(String a, String b, BiPredicate<String, String> test) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(ARC)),
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
        throw new IllegalStateException("no ARC prompt in " + ARC + " matches");
    }
}
