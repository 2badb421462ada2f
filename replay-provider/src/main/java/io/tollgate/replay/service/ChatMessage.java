package io.tollgate.replay.service;

/** One message of a chat request, text only (image parts are ignored). */
public record ChatMessage(String role, String content, String name) {
}
