/** The gRPC edge of CacheService: validate by mapping, delegate to the engine, map TollgateException with toGrpc(). */
package io.tollgate.cache.grpc;
