/**
 * HTTP edges (Vert.x routes on the event loop): validate, map through {@code mapping}, delegate to {@code service},
 * and pace the answer with timers. Nothing here blocks; nothing here decides what the answer says.
 */
package io.tollgate.replay.api;
