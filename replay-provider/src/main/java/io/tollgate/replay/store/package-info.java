/**
 * Recorded answers (the RouterBench subset under the shared datasets folder) and the prompt key that finds them.
 * Read-only after the background load; nothing here knows about HTTP or OpenAI JSON.
 */
package io.tollgate.replay.store;
