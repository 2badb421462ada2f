package io.tollgate.common.cache;

import java.util.List;

/** The chat parameters that change an answer; optional ones are {@code null} when absent. */
public record Params(String model, Double temperature, Double topP, Integer maxTokens, Long seed, List<String> stop,
        boolean hasTools, Double presencePenalty, Double frequencyPenalty, String responseFormat) {
}
