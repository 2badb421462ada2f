package io.tollgate.router.service;

import java.util.List;

/** A chat request as the router's logic sees it (no wire types). {@code model} is a catalogue id or "auto". */
public record ChatCall(List<Turn> messages, String model, Double temperature, Double topP, Integer maxTokens,
        List<String> stop, Double presencePenalty, Double frequencyPenalty, String responseFormat) {

    public static final String AUTO = "auto";

    public boolean wantsAuto() {
        return model == null || model.isBlank() || AUTO.equals(model);
    }

    /** The text the classifier reads: the last user message (the question), or the last message of any role. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
    }

    /** A rough input size (4 characters a token) for context-window checks and cost estimates before the call. */
    public long estimatedInputTokens() {
        return messages.stream().mapToLong(m -> m.content().length() / 4 + 4).sum();
    }
}
