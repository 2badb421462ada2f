package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Every Deployment of every overlay is probed, sized, and covered by a PodDisruptionBudget. */
class DeploymentsTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerHasProbesRequestsAndLimits(String overlay) {
        List<Deployment> deployments = Kustomize.all("overlays/" + overlay, Deployment.class);
        assertTrue(deployments.size() >= 5, overlay + " renders " + deployments.size() + " Deployments");
        for (Deployment d : deployments) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String id = overlay + ": " + d.getMetadata().getName() + "/" + c.getName();
                assertNotNull(c.getReadinessProbe(), id + " has no readiness probe");
                assertNotNull(c.getLivenessProbe(), id + " has no liveness probe");
                assertNotNull(c.getResources(), id + " has no resources");
                for (String r : List.of("cpu", "memory")) {
                    assertNotNull(c.getResources().getRequests().get(r), id + " requests no " + r);
                    assertNotNull(c.getResources().getLimits().get(r), id + " has no " + r + " limit");
                }
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void tollgateServicesUseQuarkusHealthOnTheirHttpPort(String overlay) {
        for (String name : ServiceModules.MODULES.keySet()) {
            Container c = Kustomize.named("overlays/" + overlay, Deployment.class, name)
                    .getSpec().getTemplate().getSpec().getContainers().get(0);
            assertHttpProbe(overlay + " " + name + " readiness", c.getReadinessProbe(), "/q/health/ready");
            assertHttpProbe(overlay + " " + name + " liveness", c.getLivenessProbe(), "/q/health/live");
            assertNotNull(c.getLifecycle().getPreStop(), name + ": no preStop hook, so requests race the shutdown");
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyDeploymentHasAMatchingDisruptionBudget(String overlay) {
        List<PodDisruptionBudget> budgets = Kustomize.all("overlays/" + overlay, PodDisruptionBudget.class);
        for (Deployment d : Kustomize.all("overlays/" + overlay, Deployment.class)) {
            Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
            long matching = budgets.stream()
                    .filter(b -> podLabels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()))
                    .count();
            assertEquals(1, matching, overlay + ": " + d.getMetadata().getName() + " is covered by " + matching
                    + " PodDisruptionBudgets");
        }
    }

    private static void assertHttpProbe(String id, Probe probe, String path) {
        assertNotNull(probe.getHttpGet(), id + " is not an HTTP probe");
        assertEquals(path, probe.getHttpGet().getPath(), id);
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), id + " must probe the named HTTP port");
    }
}
