package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Who may reach what. Every allowed (target, port, source) triple is listed; anything else a policy opens fails.
 * Sources: "*" anyone, "monitoring" the monitoring namespace, else a pod name in the namespace.
 */
class NetworkPolicyTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    private static final Set<String> ALLOWED = Set.of(
            "gateway:8080<-*", "ledger:8084<-*",
            "cache:9082<-gateway", "router:9081<-gateway",
            "worker:9083<-cache", "worker:9083<-router",
            "ledger:9084<-gateway", "ledger:9084<-router", "ledger:9084<-cache", "ledger:9084<-worker",
            "*:8080<-monitoring", "*:8081<-monitoring", "*:8082<-monitoring", "*:8083<-monitoring",
            "*:8084<-monitoring",
            "redis:6379<-cache", "redis:6379<-gateway", "postgresql:5432<-ledger");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheDeclaredPathsAreOpen(String overlay) {
        List<NetworkPolicy> policies = Kustomize.all("overlays/" + overlay, NetworkPolicy.class);
        assertTrue(policies.stream().anyMatch(p -> p.getSpec().getPodSelector().getMatchLabels().keySet().stream()
                .allMatch(k -> k.equals("app.kubernetes.io/part-of")) && p.getSpec().getIngress().isEmpty()),
                overlay + " has no default-deny ingress policy");
        Set<String> open = new TreeSet<>();
        for (NetworkPolicy p : policies) {
            String target = p.getSpec().getPodSelector().getMatchLabels().getOrDefault("app.kubernetes.io/name", "*");
            for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                assertTrue(!rule.getPorts().isEmpty(), p.getMetadata().getName() + " opens every port");
                for (NetworkPolicyPort port : rule.getPorts()) {
                    for (String source : sources(p.getMetadata().getName(), rule.getFrom())) {
                        open.add(target + ":" + port.getPort().getIntVal() + "<-" + source);
                    }
                }
            }
        }
        Set<String> unexpected = new TreeSet<>(open);
        unexpected.removeAll(ALLOWED);
        assertEquals(Set.of(), unexpected, overlay + " opens paths nobody asked for");
        for (String needed : List.of("gateway:8080<-*", "ledger:8084<-*", "ledger:9084<-router", "worker:9083<-cache",
                "cache:9082<-gateway", "router:9081<-gateway")) {
            assertTrue(open.contains(needed), overlay + " closes " + needed);
        }
    }

    private static List<String> sources(String policy, List<NetworkPolicyPeer> from) {
        if (from.isEmpty()) {
            return List.of("*");
        }
        return from.stream().map(peer -> {
            assertTrue(peer.getIpBlock() == null, policy + " uses an ipBlock");
            if (peer.getNamespaceSelector() != null) {
                assertTrue(peer.getPodSelector() == null, policy + ": namespace and pod selector together");
                return peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            }
            return peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name");
        }).toList();
    }
}
