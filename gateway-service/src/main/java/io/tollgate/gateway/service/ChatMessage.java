package io.tollgate.gateway.service;

/** One message of a chat. {@code name} is empty when absent. */
public record ChatMessage(String role, String content, String name) {
}
