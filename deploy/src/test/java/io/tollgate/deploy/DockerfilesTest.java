package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The images copy what Quarkus builds (fast-jar layout under target/quarkus-app, or the native *-runner) and carry
 * the launcher's heap and thread budget. Where the module has been built, the copied paths must exist.
 */
class DockerfilesTest {

    static final List<String> MODULES = List.copyOf(new java.util.TreeSet<>(ServiceModules.MODULES.values()));
    private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$");

    @ParameterizedTest
    @FieldSource("MODULES")
    void jvmImageCopiesTheFastJarLayout(String module) throws IOException {
        String dockerfile = Files.readString(docker(module).resolve("Dockerfile.jvm"));
        assertEquals(List.of(
                "target/quarkus-app/lib/ -> /deployments/lib/",
                "target/quarkus-app/quarkus-run.jar -> /deployments/",
                "target/quarkus-app/app/ -> /deployments/app/",
                "target/quarkus-app/quarkus/ -> /deployments/quarkus/"), copies(dockerfile), module);
        // Where the module has been packaged (its runner jar exists), the copied folders must be there too.
        Path built = Kustomize.REPO.resolve(module).resolve("target/quarkus-app");
        if (Files.isRegularFile(built.resolve("quarkus-run.jar"))) {
            for (String source : List.of("lib", "app", "quarkus")) {
                assertTrue(Files.exists(built.resolve(source)), module + " built no " + built.resolve(source));
            }
        }
        assertTrue(dockerfile.contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\""), module);
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void nativeImageCopiesTheRunner(String module) throws IOException {
        String dockerfile = Files.readString(docker(module).resolve("Dockerfile.native"));
        assertEquals(List.of("target/*-runner -> /work/application"), copies(dockerfile), module);
    }

    @ParameterizedTest
    @FieldSource("MODULES")
    void imagesCarryTheLaunchersHeapAndThreads(String module) throws IOException {
        int[] budget = ServiceModules.launcherBudget(module);
        for (String file : List.of("Dockerfile.jvm", "Dockerfile.native")) {
            String dockerfile = Files.readString(docker(module).resolve(file));
            assertEquals(List.of(String.valueOf(budget[0])), all(dockerfile, "-Xmx(\\d+)m"), module + " " + file + " heap");
            assertEquals(List.of(String.valueOf(budget[1])), all(dockerfile, "QUARKUS_THREAD_POOL_MAX_THREADS=(\\d+)"),
                    module + " " + file + " threads");
        }
        String jvm = Files.readString(docker(module).resolve("Dockerfile.jvm"));
        assertTrue(jvm.contains("ENV JAVA_OPTS=\""), module + ": JAVA_OPTS must be explicit, not run-java.sh's guess");
    }

    private static Path docker(String module) {
        return Kustomize.REPO.resolve(module).resolve("src/main/docker");
    }

    private static List<String> copies(String dockerfile) {
        Matcher m = COPY.matcher(dockerfile);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + " -> " + m.group(2));
        }
        return out;
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
