package io.tollgate.worker.runtime;

/** What happens to a text longer than the model's {@code maxInputTokens}. */
public enum OverflowPolicy {
    /** Keep the first tokens and the closing [SEP]: sentence-transformers' behaviour. */
    TRUNCATE,
    /** INVALID_ARGUMENT naming the input. */
    REJECT
}
