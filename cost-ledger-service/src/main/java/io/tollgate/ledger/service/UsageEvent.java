package io.tollgate.ledger.service;

import java.time.Instant;
import java.util.Map;

/**
 * One validated cost event as a hop reported it: usage, not money. {@code outcome} is the lower-case outcome name
 * ({@code exact_hit}, {@code routed}, ...); {@code reportedCostNanos} is null unless the hop knew the exact cost;
 * {@code unbatchedComputeMicros} is the compute the work would have used run unbatched (0 = unknown).
 */
public record UsageEvent(String eventId, String requestId, Instant time, String tenant, String team, String apiKeyId,
        String service, String provider, String model, Stage stage, String outcome, long inputTokens,
        long outputTokens, long cachedTokens, long computeMicros, long unbatchedComputeMicros, long lookups, String baselineModel,
        long baselineInputTokens, long baselineOutputTokens, Long reportedCostNanos, Map<String, String> attributes) {
}
