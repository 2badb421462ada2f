package io.tollgate.gateway.mapping;

import java.util.ArrayList;
import java.util.List;

import io.tollgate.gateway.service.CatalogModel;
import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.Completion;
import io.tollgate.gateway.service.Embeddings;
import io.tollgate.gateway.service.Usage;

/** Domain records to OpenAI response JSON, including the chunks of a stream. */
public final class OpenAiResponses {
    private static final String ASSISTANT = "assistant";

    private OpenAiResponses() {
    }

    public static OpenAiJson.ChatCompletion completion(Completion c) {
        return new OpenAiJson.ChatCompletion(c.id(), "chat.completion", c.createdUnixSeconds(), c.model(),
                List.of(new OpenAiJson.Choice(0, new OpenAiJson.Message(ASSISTANT, c.content()), c.finishReason())),
                usage(c.usage()));
    }

    public static OpenAiJson.TokenUsage usage(Usage u) {
        return new OpenAiJson.TokenUsage(u.inputTokens(), u.outputTokens(), u.inputTokens() + u.outputTokens());
    }

    /**
     * The chunk for one router chunk. The first carries {@code role}; the usage, when asked for, goes in a chunk of
     * its own with no choices ({@link #usageChunk}), as OpenAI does with {@code stream_options.include_usage}.
     */
    public static OpenAiJson.ChatChunk chunk(String id, long created, String model, Chunk chunk, boolean first) {
        OpenAiJson.Delta delta = chunk.delta().isEmpty() && !first
                ? new OpenAiJson.Delta(null, null)
                : new OpenAiJson.Delta(first ? ASSISTANT : null, chunk.delta());
        return new OpenAiJson.ChatChunk(id, "chat.completion.chunk", created, model,
                List.of(new OpenAiJson.ChunkChoice(0, delta, chunk.finishReason())), null);
    }

    public static OpenAiJson.ChatChunk usageChunk(String id, long created, String model, Usage usage) {
        return new OpenAiJson.ChatChunk(id, "chat.completion.chunk", created, model, List.of(), usage(usage));
    }

    /** A whole (cached) completion replayed as a stream: role and content, then the finish reason. */
    public static List<OpenAiJson.ChatChunk> replay(Completion c, boolean includeUsage) {
        List<OpenAiJson.ChatChunk> chunks = new ArrayList<>(3);
        chunks.add(chunk(c.id(), c.createdUnixSeconds(), c.model(), new Chunk(c.content(), null, null, null, c.id()), true));
        chunks.add(chunk(c.id(), c.createdUnixSeconds(), c.model(), new Chunk("", null, c.finishReason(), null, c.id()), false));
        if (includeUsage) {
            chunks.add(usageChunk(c.id(), c.createdUnixSeconds(), c.model(), c.usage()));
        }
        return chunks;
    }

    public static OpenAiJson.EmbeddingList embeddings(Embeddings e) {
        List<OpenAiJson.Embedding> data = new ArrayList<>(e.vectors().size());
        for (int i = 0; i < e.vectors().size(); i++) {
            data.add(new OpenAiJson.Embedding("embedding", i, e.vectors().get(i)));
        }
        return new OpenAiJson.EmbeddingList("list", data, e.model(), new OpenAiJson.EmbeddingUsage(e.inputTokens(), e.inputTokens()));
    }

    public static OpenAiJson.ModelList models(List<CatalogModel> models) {
        return new OpenAiJson.ModelList("list", models.stream()
                .map(m -> new OpenAiJson.Model(m.id(), "model", 0, m.ownedBy().isEmpty() ? m.provider() : m.ownedBy()))
                .toList());
    }
}
