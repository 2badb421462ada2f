package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;

/** Autoscaling in production (HPA on CPU and request rate, KEDA on queue depth) and the GPU worker. */
class ScalingTest {

    @Test
    void gatewayRouterAndCacheScaleOnCpuAndRequestRate() {
        List<HorizontalPodAutoscaler> hpas = Kustomize.all("overlays/production", HorizontalPodAutoscaler.class);
        assertEquals(List.of("cache", "gateway", "router"),
                hpas.stream().map(h -> h.getSpec().getScaleTargetRef().getName()).sorted().toList());
        for (HorizontalPodAutoscaler h : hpas) {
            String target = h.getSpec().getScaleTargetRef().getName();
            assertEquals("Deployment", h.getSpec().getScaleTargetRef().getKind());
            List<String> types = h.getSpec().getMetrics().stream().map(MetricSpec::getType).sorted().toList();
            assertEquals(List.of("Pods", "Resource"), types, target);
            assertTrue(h.getSpec().getMinReplicas() >= 2, target + " may scale to one pod: no room to drain");
            // The HPA owns the replica count: a replicas field would reset it on every apply.
            assertNull(Kustomize.named("overlays/production", Deployment.class, target).getSpec().getReplicas(),
                    target + " sets replicas although an HPA owns them");
        }
    }

    @Test
    void kedaScalesTheWorkerDeploymentOnQueueDepth() {
        for (String overlay : List.of("production", "gpu")) {
            List<GenericKubernetesResource> scaled = Kustomize.all("overlays/" + overlay, GenericKubernetesResource.class)
                    .stream().filter(r -> r.getKind().equals("ScaledObject")).toList();
            assertEquals(1, scaled.size(), overlay);
            Map<String, Object> spec = spec(scaled.get(0));
            Map<?, ?> target = (Map<?, ?>) spec.get("scaleTargetRef");
            assertEquals("worker", target.get("name"));
            Kustomize.named("overlays/" + overlay, Deployment.class, "worker");
            List<?> triggers = (List<?>) spec.get("triggers");
            assertEquals(1, triggers.size());
            Map<?, ?> trigger = (Map<?, ?>) triggers.get(0);
            assertEquals("prometheus", trigger.get("type"));
            Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
            assertTrue(String.valueOf(metadata.get("query")).contains("tollgate_worker_queue_depth"), overlay);
            assertTrue(Integer.parseInt(String.valueOf(metadata.get("threshold"))) > 0);
            assertNull(Kustomize.named("overlays/" + overlay, Deployment.class, "worker").getSpec().getReplicas(),
                    "KEDA owns the worker's replicas");
        }
    }

    @Test
    void laptopRunsOneReplicaOfEachAndNoAutoscalers() {
        for (Deployment d : Kustomize.all("overlays/laptop", Deployment.class)) {
            assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName());
        }
        assertEquals(List.of(), Kustomize.all("overlays/laptop", HorizontalPodAutoscaler.class));
        assertEquals(List.of(), Kustomize.all("overlays/laptop", GenericKubernetesResource.class));
    }

    @Test
    void gpuWorkerAsksForOneNvidiaGpuAndCuda() {
        Deployment worker = Kustomize.named("overlays/gpu", Deployment.class, "worker");
        Container c = worker.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals("cuda", ServiceWiringTest.env("gpu", "worker").get("TOLLGATE_WORKER_EXECUTION_PROVIDER"));
        assertTrue(worker.getSpec().getTemplate().getSpec().getTolerations().stream()
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())), "no toleration for GPU nodes' taint");
        assertTrue(!worker.getSpec().getTemplate().getSpec().getNodeSelector().isEmpty(), "no GPU node selector");
        // Only the worker gets a GPU.
        for (Deployment d : Kustomize.all("overlays/gpu", Deployment.class)) {
            if (!d.getMetadata().getName().equals("worker")) {
                assertNull(d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                        .get("nvidia.com/gpu"), d.getMetadata().getName());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }
}
