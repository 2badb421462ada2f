/** The gRPC edge: validates and maps protobuf messages, delegates to the service layer, maps errors with toGrpc(). */
package io.tollgate.ledger.grpc;
