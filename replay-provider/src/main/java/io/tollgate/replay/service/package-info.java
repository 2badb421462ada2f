/**
 * What the provider answers and when: recorded or synthetic content, token usage, latency and injected faults.
 * Works on domain records only; the OpenAI wire format lives in {@code api}.
 */
package io.tollgate.replay.service;
