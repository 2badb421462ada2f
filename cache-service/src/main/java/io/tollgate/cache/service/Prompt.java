package io.tollgate.cache.service;

import java.util.List;

/** A chat request: messages and parameters. */
public record Prompt(List<Message> messages, Params params) {
}
