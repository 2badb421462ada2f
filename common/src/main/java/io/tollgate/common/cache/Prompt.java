package io.tollgate.common.cache;

import java.util.List;

/** A chat request: messages and parameters. */
public record Prompt(List<Message> messages, Params params) {
}
