package io.tollgate.common.error;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps any throwable leaving a gRPC service method to a status: TollgateException by its kind, the rest INTERNAL. */
public final class GrpcExceptionMapper {
    private GrpcExceptionMapper() {
    }

    public static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof TollgateException te) {
            return te.toGrpc();
        }
        if (t instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (t instanceof IllegalArgumentException iae) {
            return Status.INVALID_ARGUMENT.withDescription(iae.getMessage()).withCause(t).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(t.getClass().getSimpleName() + ": " + t.getMessage()).withCause(t).asRuntimeException();
    }
}
