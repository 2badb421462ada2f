package io.tollgate.replay.service;

import java.util.List;
import java.util.OptionalInt;

/**
 * A chat completion request, already validated by the edge.
 *
 * @param maxTokens    cap on completion tokens ({@code max_completion_tokens} or {@code max_tokens})
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 */
public record ChatRequest(String model, List<ChatMessage> messages, boolean stream, boolean includeUsage,
                          OptionalInt maxTokens) {

    /** The text the recordings are matched against: the last user message. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }
}
