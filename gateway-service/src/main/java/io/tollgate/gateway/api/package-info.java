/**
 * The HTTP edge: OpenAI wire in, OpenAI wire out, every failure mapped once to OpenAI error JSON. Resources validate
 * through {@code mapping} and delegate to {@code service}; nothing here decides anything.
 */
package io.tollgate.gateway.api;
