package io.tollgate.worker.runtime;

import java.util.List;

import io.tollgate.worker.batch.BatchPolicy;

/**
 * What the worker knows about one model before loading it: where its files are, its tensor names, its limits and its
 * batcher settings. Built-in models read their files from the classpath, directory models from disk.
 *
 * @param source         {@code classpath:NAME} or a file path of the .onnx file
 * @param tokenizer      {@code classpath:NAME} or a file path of the HuggingFace tokenizer.json
 * @param inputs         input tensor names the model expects, of {@code input_ids}, {@code attention_mask},
 *                       {@code token_type_ids}; empty = take them from the session
 * @param output         output tensor with the token embeddings {@code [batch, seq, dim]}
 * @param maxInputTokens most tokens (with [CLS]/[SEP]) one text may have
 */
public record ModelSpec(
        String name,
        String kind,
        String source,
        String tokenizer,
        List<String> inputs,
        String output,
        int dimensions,
        int maxInputTokens,
        OverflowPolicy overflow,
        boolean normalize,
        BatchPolicy batching,
        String priceClass) {

    public ModelSpec {
        inputs = List.copyOf(inputs);
    }
}
