package io.tollgate.cache.service;

/** One chat message. */
public record Message(String role, String name, String content) {
}
