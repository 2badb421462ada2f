package io.tollgate.replay.service;

import java.util.List;
import java.util.OptionalInt;

/**
 * The answer to one request, and when to send it.
 *
 * @param pieces        the content split at token boundaries (never inside a UTF-8 character), for streaming
 * @param source        {@code recorded} or {@code synthetic}
 * @param recordedBy    the RouterBench model whose recording (or synthetic stand-in) answers
 * @param costNanoUsd   RouterBench's cost of the recording, -1 when synthetic or unknown
 * @param ttftMs        delay before the first token (already scaled)
 * @param perTokenMs    delay per further token (already scaled)
 */
public record Completion(String model, String content, List<String> pieces, String finishReason,
                         int promptTokens, int completionTokens, String source, String recordedBy,
                         long costNanoUsd, OptionalInt score, double ttftMs, double perTokenMs) {

    public static final String RECORDED = "recorded";
    public static final String SYNTHETIC = "synthetic";

    /** Time until the whole non-streamed answer is ready. */
    public long totalDelayMs() {
        return Math.round(ttftMs + perTokenMs * Math.max(0, completionTokens - 1));
    }
}
