package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Renders a kustomization with {@code kubectl kustomize} and parses it into the typed fabric8 model. */
final class Kustomize {

    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path REPO = DEPLOY.getParent();
    static final List<String> OVERLAYS = List.of("laptop", "production", "gpu");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final String INSTALL_HINT = "kubectl is needed to render deploy/ (kubectl kustomize). Install it: "
            + "apt-get update && apt-get install -y kubernetes-client   (Debian's kubectl; any kubectl >= 1.14 works)";
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects of {@code deploy/<dir>}, rendered once per test run. */
    static List<HasMetadata> render(String dir) {
        return RENDERED.computeIfAbsent(dir, Kustomize::renderNow);
    }

    static String renderYaml(String dir) {
        Path out = null;
        try {
            out = Files.createTempFile("kustomize-", ".yaml");
            Path err = Files.createTempFile("kustomize-", ".err");
            Process p;
            try {
                p = new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve(dir).toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException notFound) {
                return fail(INSTALL_HINT + " (" + notFound.getMessage() + ")");
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                return fail("kubectl kustomize deploy/" + dir + " failed:\n" + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    private static List<HasMetadata> renderNow(String dir) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : renderYaml(dir).split("(?m)^---\\s*$")) {
            if (!doc.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> all(String dir, Class<T> type) {
        return render(dir).stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(String dir, Class<T> type, String name) {
        return all(dir, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(dir + " renders no " + type.getSimpleName() + " " + name));
    }
}
