package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

/** Every overlay renders, and every object is a well-formed instance of the typed Kubernetes model. */
class RenderedOverlaysTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyObjectDeserialisesWithoutUnknownFields(String overlay) {
        List<HasMetadata> objects = Kustomize.render("overlays/" + overlay);
        assertFalse(objects.isEmpty(), overlay + " renders nothing");
        for (HasMetadata o : objects) {
            String id = overlay + ": " + o.getKind() + "/" + o.getMetadata().getName();
            if (o instanceof GenericKubernetesResource) {
                // Only custom resources may fall back to the untyped model.
                assertEquals("keda.sh/v1alpha1", o.getApiVersion(), id + " is not a known Kubernetes type");
                continue;
            }
            List<String> unknown = new ArrayList<>();
            collectUnknown(o, o.getKind(), unknown);
            assertTrue(unknown.isEmpty(), id + " has fields the Kubernetes model does not know: " + unknown);
            String namespace = o.getKind().equals("Namespace") ? o.getMetadata().getName() : o.getMetadata().getNamespace();
            assertEquals("tollgate", namespace, id + " is outside the tollgate namespace");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheLaptopOverlayCarriesSecrets(String overlay) {
        List<Secret> secrets = Kustomize.all("overlays/" + overlay, Secret.class);
        if (!overlay.equals("laptop")) {
            assertEquals(List.of(), secrets.stream().map(s -> s.getMetadata().getName()).toList(),
                    overlay + " must reference Secrets, never carry them");
        }
    }

    /** Walks the typed object; any non-empty additionalProperties map holds a field the model did not recognise. */
    private static void collectUnknown(Object node, String path, List<String> unknown) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                collectUnknown(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        try {
            for (PropertyDescriptor pd : Introspector.getBeanInfo(node.getClass()).getPropertyDescriptors()) {
                Method getter = pd.getReadMethod();
                if (getter == null || getter.getParameterCount() != 0 || pd.getName().equals("class")) {
                    continue;
                }
                Object value = getter.invoke(node);
                if (pd.getName().equals("additionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    collectUnknown(value, path + "." + pd.getName(), unknown);
                }
            }
        } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
            throw new IllegalStateException(e);
        }
    }
}
