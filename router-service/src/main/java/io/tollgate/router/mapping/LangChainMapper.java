package io.tollgate.router.mapping;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.tollgate.router.service.ChatCall;
import io.tollgate.router.service.Turn;

/** Domain chat request to LangChain4j's provider-neutral ChatRequest, and finish reasons back to OpenAI's words. */
public final class LangChainMapper {
    private LangChainMapper() {
    }

    public static ChatRequest toRequest(ChatCall call) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Turn t : call.messages()) {
            messages.add(switch (t.role()) {
                case "system" -> SystemMessage.from(t.content());
                case "assistant" -> AiMessage.from(t.content());
                // tool results arrive without a tool-call id here; they are passed as user text
                default -> UserMessage.from(t.content());
            });
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(messages).temperature(call.temperature())
                .topP(call.topP()).maxOutputTokens(call.maxTokens()).presencePenalty(call.presencePenalty())
                .frequencyPenalty(call.frequencyPenalty());
        if (!call.stop().isEmpty()) {
            b.stopSequences(call.stop());
        }
        if ("json_object".equals(call.responseFormat())) {
            b.responseFormat(ResponseFormat.JSON);
        }
        return b.build();
    }

    public static String finishReason(ChatResponse response) {
        FinishReason r = response.finishReason();
        if (r == null) {
            return "stop";
        }
        return switch (r) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            case OTHER -> "stop";
        };
    }
}
