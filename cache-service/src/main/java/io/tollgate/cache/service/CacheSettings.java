package io.tollgate.cache.service;

import java.time.Duration;
import java.util.Map;

import io.tollgate.cache.config.CacheConfig;
import io.tollgate.common.cache.CacheKeys;

/** The engine's settings as a plain record, so tests and benchmarks can build engines without CDI. */
public record CacheSettings(Duration defaultTtl, Duration maxTtl, double similarityThreshold,
        Map<String, Double> tenantThresholds, double minConfidence, Map<String, Double> tenantMinConfidence,
        Map<String, String> modelVersions, Map<String, String> modelFamilies,
        int candidates, int pendingMax, Duration pendingTtl, int breakerFailures, Duration breakerOpenFor, Feedback feedback) {

    /**
     * Feedback on served semantic hits: {@code errorBudget} (share of served hits allowed to be wrong; 0 = the
     * threshold is not learned) globally and per tenant, the judgements kept per tenant, how many a threshold needs
     * before it counts as proven, and how long a served hit can still be judged.
     */
    public record Feedback(double errorBudget, Map<String, Double> tenantErrorBudgets, int window, int minJudgements,
            Duration servedTtl) {
        public static Feedback defaults() {
            return new Feedback(0, Map.of(), 1000, 30, Duration.ofHours(24));
        }

        double budgetFor(String tenant) {
            return tenantErrorBudgets.getOrDefault(tenant, errorBudget);
        }
    }

    public static CacheSettings from(CacheConfig c) {
        return new CacheSettings(c.defaultTtl(), c.maxTtl(), c.similarityThreshold(), Map.copyOf(c.tenantThreshold()),
                c.minConfidence(), Map.copyOf(c.tenantMinConfidence()), Map.copyOf(c.modelVersion()), Map.copyOf(c.modelFamily()), c.candidates(), c.pendingEmbeddingsMax(),
                c.pendingEmbeddingsTtl(), c.breakerFailures(), c.breakerOpenFor(),
                new Feedback(c.errorBudget(), Map.copyOf(c.tenantErrorBudget()), c.feedbackWindow(), c.feedbackMinJudgements(),
                        c.servedHitTtl()));
    }

    public static CacheSettings defaults() {
        return new CacheSettings(Duration.ofHours(1), Duration.ofDays(1), 0.995, Map.of(), 0.0, Map.of(), Map.of(), Map.of(), 5, 10_000,
                Duration.ofMinutes(2), 5, Duration.ofSeconds(5), Feedback.defaults());
    }

    public CacheSettings withDefaultTtl(Duration ttl) {
        return new CacheSettings(ttl, maxTtl, similarityThreshold, tenantThresholds, minConfidence, tenantMinConfidence, modelVersions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor, feedback);
    }

    public CacheSettings withModelVersions(Map<String, String> versions) {
        return new CacheSettings(defaultTtl, maxTtl, similarityThreshold, tenantThresholds, minConfidence, tenantMinConfidence, versions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor, feedback);
    }

    public CacheSettings withSimilarityThreshold(double threshold) {
        return new CacheSettings(defaultTtl, maxTtl, threshold, tenantThresholds, minConfidence, tenantMinConfidence, modelVersions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor, feedback);
    }

    public CacheSettings withFeedback(Feedback f) {
        return new CacheSettings(defaultTtl, maxTtl, similarityThreshold, tenantThresholds, minConfidence, tenantMinConfidence, modelVersions, modelFamilies,
                candidates, pendingMax, pendingTtl, breakerFailures, breakerOpenFor, f);
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

    /** The configured threshold: the tenant's, else the global one (a request's own and a learned one come first). */
    double configuredThreshold(String tenant) {
        return tenantThresholds.getOrDefault(tenant, similarityThreshold);
    }
}
