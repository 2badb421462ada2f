package io.tollgate.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Quarkus' own configuration keys, from the config model each extension jar ships
 * ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}). Map segments such as
 * {@code quarkus.grpc.clients."client-name".host} match any name.
 */
final class QuarkusKeys {

    private static final List<Pattern> ENV_PATTERNS = load();

    private QuarkusKeys() {
    }

    static boolean isKnownEnv(String env) {
        return ENV_PATTERNS.stream().anyMatch(p -> p.matcher(env).matches());
    }

    static int size() {
        return ENV_PATTERNS.size();
    }

    private static List<Pattern> load() {
        List<Pattern> patterns = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try {
            for (URL url : Collections.list(QuarkusKeys.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in), patterns);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return patterns;
    }

    private static void collect(JsonNode node, List<Pattern> patterns) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, patterns));
        } else if (node.isObject()) {
            JsonNode property = node.path("path").path("property");
            if (property.isTextual()) {
                patterns.add(envPattern(property.asText()));
            }
            // Named variants (quarkus.datasource."datasource-name".password) are listed as additional paths.
            for (JsonNode additional : node.path("additionalPaths")) {
                patterns.add(envPattern(additional.path("property").asText()));
            }
            node.forEach(n -> collect(n, patterns));
        }
    }

    /** {@code quarkus.datasource."datasource-name".jdbc.url} to {@code QUARKUS_DATASOURCE_[A-Z0-9_]+_JDBC_URL}. */
    static Pattern envPattern(String property) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        boolean quoted = false;
        for (char c : property.toCharArray()) {
            if (c == '"') {
                if (quoted) {
                    regex.append("[A-Z0-9_]+");
                } else {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                quoted = !quoted;
            } else if (!quoted) {
                literal.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString());
    }
}
