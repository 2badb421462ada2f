package io.tollgate.gateway.service;

import java.util.List;

/** Vectors for a list of inputs, in input order. */
public record Embeddings(String model, List<float[]> vectors, long inputTokens) {
}
