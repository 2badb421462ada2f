package io.tollgate.common.error;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The single exception type of Tollgate's logic. {@code param} names the offending field (OpenAI's {@code param}).
 * Edges map it: {@link #toGrpc()} for gRPC services, {@code ErrorMapper} in the gateway for HTTP.
 */
public class TollgateException extends RuntimeException {
    /** gRPC trailer carrying the offending field, so the gateway can surface it as OpenAI's {@code param}. */
    public static final Metadata.Key<String> PARAM_KEY = Metadata.Key.of("tollgate-param", Metadata.ASCII_STRING_MARSHALLER);
    /** gRPC trailer carrying the Tollgate error code, so the gateway maps it back without guessing. */
    public static final Metadata.Key<String> CODE_KEY = Metadata.Key.of("tollgate-code", Metadata.ASCII_STRING_MARSHALLER);

    private final ErrorKind kind;
    private final String param;

    public TollgateException(ErrorKind kind, String message) {
        this(kind, message, null, null);
    }

    public TollgateException(ErrorKind kind, String message, String param) {
        this(kind, message, param, null);
    }

    public TollgateException(ErrorKind kind, String message, String param, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.param = param;
    }

    public static TollgateException invalid(String param, String message) {
        return new TollgateException(ErrorKind.INVALID_REQUEST, message, param);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String param() {
        return param;
    }

    public StatusRuntimeException toGrpc() {
        Metadata trailers = new Metadata();
        trailers.put(CODE_KEY, kind.name());
        if (param != null) {
            trailers.put(PARAM_KEY, param);
        }
        return Status.fromCode(kind.grpcCode).withDescription(getMessage()).withCause(this).asRuntimeException(trailers);
    }

    /** Maps a failed downstream gRPC call back to a TollgateException, keeping the downstream's kind and field. */
    public static TollgateException fromGrpc(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        ErrorKind kind = ErrorKind.fromGrpc(e.getStatus().getCode());
        String param = null;
        if (trailers != null) {
            String code = trailers.get(CODE_KEY);
            if (code != null) {
                try {
                    kind = ErrorKind.valueOf(code);
                } catch (IllegalArgumentException ignored) {
                    // an unknown code from a newer hop: keep the status mapping
                }
            }
            param = trailers.get(PARAM_KEY);
        }
        String message = e.getStatus().getDescription() != null ? e.getStatus().getDescription() : e.getStatus().getCode().name();
        return new TollgateException(kind, message, param, e);
    }
}
