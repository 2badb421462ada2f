package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the manifests must agree with: each service's application.properties (keys with their profile stripped, and
 * the environment variables its values reference), plus the keys listed in {@code src/test/resources/pending/} for
 * services whose owners have not declared them yet.
 */
final class ServiceModules {

    /** Kubernetes name (Deployment, Service, gRPC client name) to Maven module. */
    static final Map<String, String> MODULES = Map.of(
            "gateway", "gateway-service",
            "router", "router-service",
            "cache", "cache-service",
            "worker", "inference-worker",
            "ledger", "cost-ledger-service");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private ServiceModules() {
    }

    /** The module's own properties, profile prefixes removed (a key under any profile counts). */
    static Map<String, String> declared(String name) {
        Path file = Kustomize.REPO.resolve(MODULES.get(name)).resolve("src/main/resources/application.properties");
        return Files.isRegularFile(file) ? stripProfiles(load(file)) : Map.of();
    }

    /** Keys the manifests rely on that the module does not declare yet; each must not be declared already. */
    static Map<String, String> pending(String name) {
        Path file = Kustomize.DEPLOY.resolve("src/test/resources/pending").resolve(MODULES.get(name) + ".properties");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, String> pending = load(file);
        Map<String, String> declared = declared(name);
        for (String key : pending.keySet()) {
            assertTrue(!declared.containsKey(key), MODULES.get(name) + " now declares " + key
                    + ": delete it from deploy/src/test/resources/pending/" + MODULES.get(name) + ".properties");
        }
        return pending;
    }

    /** Declared and pending keys together. */
    static Map<String, String> properties(String name) {
        Map<String, String> all = new LinkedHashMap<>(pending(name));
        all.putAll(declared(name));
        return all;
    }

    static int port(String name, String key) {
        String value = properties(name).get(key);
        assertTrue(value != null, MODULES.get(name) + "/src/main/resources/application.properties has no " + key
                + " (nor deploy/src/test/resources/pending/" + MODULES.get(name) + ".properties)");
        return Integer.parseInt(value.trim());
    }

    /** Environment variable names under which the module reads a property it knows of. */
    static Set<String> envNames(String name) {
        Set<String> names = new LinkedHashSet<>();
        properties(name).forEach((key, value) -> {
            names.add(envName(key));
            Matcher m = ENV_REFERENCE.matcher(value);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** MicroProfile Config's environment name of a property: non-alphanumerics to '_', upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static Map<String, String> stripProfiles(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.putIfAbsent(k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k, v));
        return out;
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The launcher's budget of one module, from SuiteOptions.services(): heap MiB and max worker threads. */
    static int[] launcherBudget(String module) {
        try (InputStream in = Files.newInputStream(
                Kustomize.REPO.resolve("suite/src/main/java/io/tollgate/suite/SuiteOptions.java"))) {
            String source = new String(in.readAllBytes());
            Matcher m = Pattern.compile("spec\\(\"\\w+\", \"" + Pattern.quote(module)
                    + "\", [^,]+, [^,]+, (\\d+), (\\d+),").matcher(source);
            assertTrue(m.find(), "SuiteOptions.services() has no spec(...) for " + module);
            int[] budget = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
            assertEquals(false, m.find(), "two specs for " + module);
            return budget;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
