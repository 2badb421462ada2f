package io.tollgate.cache.client;

/**
 * Turns a prompt into an embedding. Production: the inference worker over gRPC ({@link GrpcEmbeddingClient}),
 * which appends the {@code embed} cost event itself. Implementations throw on failure or past their deadline;
 * the cache engine turns that into a miss.
 */
public interface EmbeddingClient {
    float[] embed(String requestId, String tenant, String team, String text);

    /**
     * Opens what the first embedding would otherwise open on the request path (connection, channel), without
     * embedding anything (no cost). Best effort: never throws.
     */
    default void warmUp() {
    }
}
