package io.tollgate.gateway.service;

import java.util.List;

/**
 * The parameters that change a chat answer (the cache key hashes all of them). A null number means "not set".
 * {@code model} is {@code auto} when the caller lets the router choose.
 */
public record ChatParams(String model, Double temperature, Double topP, Integer maxTokens, Long seed, List<String> stop,
        boolean hasTools, Double presencePenalty, Double frequencyPenalty, String responseFormat) {
}
