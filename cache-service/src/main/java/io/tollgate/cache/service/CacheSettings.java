package io.tollgate.cache.service;

import java.time.Duration;
import java.util.Map;

import io.tollgate.cache.config.CacheConfig;

/** The engine's settings as a plain record, so tests and benchmarks can build engines without CDI. */
public record CacheSettings(Duration defaultTtl, Duration maxTtl, double similarityThreshold,
        Map<String, Double> tenantThresholds, double minConfidence, Map<String, Double> tenantMinConfidence,
        Map<String, String> modelVersions, Map<String, String> modelFamilies,
        int candidates, int pendingMax, Duration pendingTtl, int breakerFailures, Duration breakerOpenFor) {

    public static CacheSettings from(CacheConfig c) {
        return new CacheSettings(c.defaultTtl(), c.maxTtl(), c.similarityThreshold(), Map.copyOf(c.tenantThreshold()),
                c.minConfidence(), Map.copyOf(c.tenantMinConfidence()), Map.copyOf(c.modelVersion()), Map.copyOf(c.modelFamily()), c.candidates(), c.pendingEmbeddingsMax(),
                c.pendingEmbeddingsTtl(), c.breakerFailures(), c.breakerOpenFor());
    }

    public static CacheSettings defaults() {
        return new CacheSettings(Duration.ofHours(1), Duration.ofDays(1), 0.97, Map.of(), 0.0, Map.of(), Map.of(), Map.of(), 5, 10_000,
                Duration.ofMinutes(2), 5, Duration.ofSeconds(5));
    }

    public CacheSettings withDefaultTtl(Duration ttl) {
        return new CacheSettings(ttl, maxTtl, similarityThreshold, tenantThresholds, minConfidence, tenantMinConfidence, modelVersions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor);
    }

    public CacheSettings withModelVersions(Map<String, String> versions) {
        return new CacheSettings(defaultTtl, maxTtl, similarityThreshold, tenantThresholds, minConfidence, tenantMinConfidence, versions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor);
    }

    String versionOf(String model) {
        return modelVersions.getOrDefault(model, "");
    }

    String familyOf(String model) {
        return modelFamilies.getOrDefault(model, CacheKeys.family(model));
    }

    double minConfidenceFor(String tenant) {
        return tenantMinConfidence.getOrDefault(tenant, minConfidence);
    }

    double thresholdFor(String tenant, Float requested) {
        if (requested != null) {
            return requested;
        }
        return tenantThresholds.getOrDefault(tenant, similarityThreshold);
    }
}
