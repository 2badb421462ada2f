package io.tollgate.common.cache;

/** One chat message. */
public record Message(String role, String name, String content) {
}
