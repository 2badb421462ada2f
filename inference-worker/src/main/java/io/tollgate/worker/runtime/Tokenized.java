package io.tollgate.worker.runtime;

/**
 * One text as token ids, ready to batch: [CLS] ... [SEP], already cut to the model's limit.
 *
 * @param ids       token ids; their count is the text's token count
 * @param truncated whether tokens were cut off
 */
public record Tokenized(long[] ids, boolean truncated) {
    public int tokens() {
        return ids.length;
    }
}
