/** gRPC edge: validate nothing but the wire shape, map with mapping/, delegate to service/, map errors with TollgateException.toGrpc(); no logic. */
package io.tollgate.router.grpc;
