/**
 * Outbound gRPC calls. Resilience lives here and only here: deadlines on every call, fail-open for the cache, gRPC
 * statuses mapped to TollgateException for the router. Channels are created once per client name and reused.
 */
package io.tollgate.gateway.client;
