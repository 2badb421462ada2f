package io.tollgate.gateway.service;

import java.util.List;

/** A validated chat request. {@code includeUsage}: a streamed answer ends with a usage chunk. */
public record ChatRequest(List<ChatMessage> messages, ChatParams params, boolean stream, boolean includeUsage) {
}
