package io.tollgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Ports and environment keys agree with each service's application.properties and with each other. */
class ServiceWiringTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;
    /** Read by the JVM image's run-java.sh, not by the service (Dockerfile.jvm: "Override ... with JAVA_OPTS_APPEND"). */
    private static final Set<String> IMAGE_ENV = Set.of("JAVA_OPTS_APPEND");
    private static final Pattern GRPC_CLIENT = Pattern.compile("QUARKUS_GRPC_CLIENTS_([A-Z]+)_(HOST|PORT)");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicePortsAreTheConfiguredPorts(String overlay) {
        for (String name : ServiceModules.MODULES.keySet()) {
            Map<String, Integer> expected = expectedPorts(name);
            Service service = Kustomize.named("overlays/" + overlay, Service.class, name);
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (ServicePort p : service.getSpec().getPorts()) {
                ports.put(p.getName(), p.getPort());
                assertEquals(p.getName(), p.getTargetPort().getStrVal(), name + " must target the named port");
            }
            assertEquals(expected, ports, overlay + ": Service " + name);
            Map<String, Integer> containerPorts = new LinkedHashMap<>();
            for (ContainerPort p : container(overlay, name).getPorts()) {
                containerPorts.put(p.getName(), p.getContainerPort());
            }
            assertEquals(expected, containerPorts, overlay + ": container of " + name);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyEnvKeyIsAPropertyTheServiceReads(String overlay) {
        List<String> wrong = new ArrayList<>();
        for (String name : ServiceModules.MODULES.keySet()) {
            Set<String> own = ServiceModules.envNames(name);
            for (String key : env(overlay, name).keySet()) {
                boolean known = own.contains(key) || (key.startsWith("QUARKUS_") && QuarkusKeys.isKnownEnv(key));
                if ((key.startsWith("TOLLGATE_") || key.startsWith("QUARKUS_")) && !known) {
                    wrong.add(name + ": " + key);
                } else if (!key.startsWith("TOLLGATE_") && !key.startsWith("QUARKUS_") && !IMAGE_ENV.contains(key)) {
                    wrong.add(name + ": " + key + " (neither TOLLGATE_ nor QUARKUS_)");
                }
            }
        }
        assertEquals(List.of(), wrong, overlay + ": env keys that no application.properties (nor Quarkus) knows;"
                + " a key a service owner has yet to add goes in deploy/src/test/resources/pending/");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void grpcClientsPointAtTheCalleesGrpcPort(String overlay) {
        for (String name : ServiceModules.MODULES.keySet()) {
            Map<String, String> env = env(overlay, name);
            for (Map.Entry<String, String> e : env.entrySet()) {
                Matcher m = GRPC_CLIENT.matcher(e.getKey());
                if (!m.matches()) {
                    continue;
                }
                String callee = m.group(1).toLowerCase();
                assertTrue(ServiceModules.MODULES.containsKey(callee), name + " calls unknown service " + callee);
                if (m.group(2).equals("HOST")) {
                    assertEquals(callee, e.getValue(), name + "'s " + e.getKey());
                } else {
                    assertEquals(String.valueOf(ServiceModules.port(callee, "quarkus.grpc.server.port")), e.getValue(),
                            name + "'s " + e.getKey());
                }
            }
        }
    }

    @Test
    void storesAreTheProductionOnes() {
        assertEquals("redis", env("production", "cache").get("TOLLGATE_CACHE_STORE"));
        assertEquals("postgresql", env("production", "ledger").get("TOLLGATE_LEDGER_STORE"));
        assertEquals("postgresql", env("laptop", "ledger").get("TOLLGATE_LEDGER_STORE"));
    }

    /**
     * The gateway's exact tier reads (and, for exact-only requests, writes) the cache's own keys: same Redis, same
     * credentials, same key prefix and entry TTL (and model versions, which no overlay sets) as the cache service,
     * wherever it is on.
     */
    @ParameterizedTest
    @FieldSource("io.tollgate.deploy.DeploymentsTest#OVERLAYS")
    void theGatewaysExactTierReadsTheCachesRedis(String overlay) {
        Map<String, String> gateway = env(overlay, "gateway");
        Map<String, String> cache = env(overlay, "cache");
        assertEquals("true", gateway.get("TOLLGATE_GATEWAY_CACHE_EXACT_TIER_ENABLED"), overlay);
        for (String key : List.of("QUARKUS_REDIS_HOSTS", "QUARKUS_REDIS_CLIENT_TYPE", "QUARKUS_REDIS_TLS_ENABLED",
                "QUARKUS_REDIS_PASSWORD")) {
            assertEquals(cache.get(key), gateway.get(key), overlay + ": " + key);
        }
        assertEquals(cache.get("TOLLGATE_CACHE_KEY_PREFIX"), gateway.get("TOLLGATE_GATEWAY_CACHE_EXACT_TIER_KEY_PREFIX"), overlay);
        // the gateway writes exact-only entries itself, with the TTL the cache gives entries that name none
        assertEquals(cache.get("TOLLGATE_CACHE_DEFAULT_TTL"), gateway.get("TOLLGATE_GATEWAY_CACHE_EXACT_TIER_TTL"), overlay);
        assertTrue(gateway.keySet().stream().noneMatch(k -> k.startsWith("TOLLGATE_CACHE_MODEL_VERSION")
                || k.startsWith("TOLLGATE_GATEWAY_CACHE_EXACT_TIER_MODEL_VERSION"))
                && cache.keySet().stream().noneMatch(k -> k.startsWith("TOLLGATE_CACHE_MODEL_VERSION")),
                overlay + ": model versions set here must be set on both");
    }

    @Test
    void quarkusConfigModelIsOnTheClasspath() {
        assertTrue(QuarkusKeys.size() > 500, "only " + QuarkusKeys.size() + " Quarkus keys found");
        assertTrue(QuarkusKeys.isKnownEnv("QUARKUS_GRPC_CLIENTS_LEDGER_HOST"));
        assertTrue(!QuarkusKeys.isKnownEnv("QUARKUS_GRPC_CLIENTS_LEDGER_HOSTNAME"));
    }

    private static Map<String, Integer> expectedPorts(String name) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("http", ServiceModules.port(name, "quarkus.http.port"));
        if (!name.equals("gateway")) {
            ports.put("grpc", ServiceModules.port(name, "quarkus.grpc.server.port"));
        }
        return ports;
    }

    static Container container(String overlay, String name) {
        return Kustomize.named("overlays/" + overlay, Deployment.class, name)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The container's environment: its ConfigMaps (envFrom) and its own env entries. */
    static Map<String, String> env(String overlay, String name) {
        Container c = container(overlay, name);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            assertTrue(from.getSecretRef() == null, name + ": envFrom a Secret hides its keys; use secretKeyRef");
            env.putAll(Kustomize.named("overlays/" + overlay, ConfigMap.class, from.getConfigMapRef().getName())
                    .getData());
        }
        for (EnvVar v : c.getEnv()) {
            env.put(v.getName(), v.getValue() == null ? "<from " + v.getValueFrom() + ">" : v.getValue());
        }
        return env;
    }
}
