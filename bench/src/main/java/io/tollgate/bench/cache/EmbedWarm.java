package io.tollgate.bench.cache;

import java.util.ArrayList;
import java.util.List;

/** Fills the embedding cache for the default evaluation (used to start the slow part early). */
final class EmbedWarm {
    public static void main(String[] args) throws Exception {
        for (EmbeddingCache.Model m : EmbeddingCache.Model.values()) {
            EmbeddingCache.embed(m, QqpCacheEval.allTexts());
        }
    }
}
