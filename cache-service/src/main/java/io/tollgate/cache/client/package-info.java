/** Outbound calls (the worker's embedding API). Clients enforce their deadlines and throw; the engine fails open. */
package io.tollgate.cache.client;
