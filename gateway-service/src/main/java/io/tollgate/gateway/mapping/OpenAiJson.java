package io.tollgate.gateway.mapping;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The OpenAI wire shapes the gateway writes. Registered for reflection so a native image serializes them. */
public final class OpenAiJson {
    private OpenAiJson() {
    }

    @RegisterForReflection
    public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, TokenUsage usage) {
    }

    @RegisterForReflection
    public record Choice(int index, Message message, @JsonProperty("finish_reason") String finishReason) {
    }

    @RegisterForReflection
    public record Message(String role, String content) {
    }

    @RegisterForReflection
    public record TokenUsage(@JsonProperty("prompt_tokens") long promptTokens,
            @JsonProperty("completion_tokens") long completionTokens,
            @JsonProperty("total_tokens") long totalTokens) {
    }

    @RegisterForReflection
    public record ChatChunk(String id, String object, long created, String model, List<ChunkChoice> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) TokenUsage usage) {
    }

    /** {@code finish_reason} is written even when null, as OpenAI does. */
    @RegisterForReflection
    public record ChunkChoice(int index, Delta delta, @JsonProperty("finish_reason") String finishReason) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }

    @RegisterForReflection
    public record EmbeddingList(String object, List<Embedding> data, String model, EmbeddingUsage usage) {
    }

    @RegisterForReflection
    public record Embedding(String object, int index, float[] embedding) {
    }

    @RegisterForReflection
    public record EmbeddingUsage(@JsonProperty("prompt_tokens") long promptTokens, @JsonProperty("total_tokens") long totalTokens) {
    }

    @RegisterForReflection
    public record ModelList(String object, List<Model> data) {
    }

    @RegisterForReflection
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {
    }

    /** {@code {"error": {"message", "type", "param", "code"}}}; {@code param} is written even when null. */
    @RegisterForReflection
    public record ErrorEnvelope(ErrorBody error) {
    }

    @RegisterForReflection
    public record ErrorBody(String message, String type, String param, String code) {
    }
}
