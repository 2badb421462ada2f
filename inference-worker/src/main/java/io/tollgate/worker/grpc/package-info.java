/**
 * gRPC edge: maps wire messages to domain records, delegates to the service layer, maps errors with {@code toGrpc()}. Nothing else; sets the MDC {@code requestId}.
 */
package io.tollgate.worker.grpc;
