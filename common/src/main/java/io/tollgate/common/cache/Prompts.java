package io.tollgate.common.cache;

import java.util.List;

import io.tollgate.contracts.common.v1.ChatParams;
import io.tollgate.contracts.common.v1.ChatRequest;

/**
 * The one mapping of a wire chat request to the {@link Prompt} that cache keys are computed from. The gateway's exact
 * tier and the cache service both use it, so the two can never compute different keys for one request. Optional proto
 * fields become {@code null} when absent.
 */
public final class Prompts {
    private Prompts() {
    }

    public static Prompt fromProto(ChatRequest r) {
        List<Message> messages = r.getMessagesList().stream().map(m -> new Message(m.getRole(), m.getName(), m.getContent())).toList();
        ChatParams p = r.getParams();
        Params params = new Params(p.getModel(),
                p.hasTemperature() ? p.getTemperature() : null,
                p.hasTopP() ? p.getTopP() : null,
                p.hasMaxTokens() ? p.getMaxTokens() : null,
                p.hasSeed() ? p.getSeed() : null,
                List.copyOf(p.getStopList()),
                p.getHasTools(),
                p.hasPresencePenalty() ? p.getPresencePenalty() : null,
                p.hasFrequencyPenalty() ? p.getFrequencyPenalty() : null,
                p.getResponseFormat());
        return new Prompt(messages, params);
    }
}
