package io.tollgate.common.error;

import io.grpc.Status;

/**
 * The one error taxonomy of Tollgate, mapped once to HTTP (OpenAI-style error JSON) and once to gRPC {@link Status}.
 * {@code type} and {@code code} are the values OpenAI clients already switch on.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", "invalid_request", Status.Code.INVALID_ARGUMENT),
    INVALID_JSON(400, "invalid_request_error", "invalid_json", Status.Code.INVALID_ARGUMENT),
    UNAUTHENTICATED(401, "invalid_request_error", "invalid_api_key", Status.Code.UNAUTHENTICATED),
    PERMISSION_DENIED(403, "permission_error", "permission_denied", Status.Code.PERMISSION_DENIED),
    NOT_FOUND(404, "invalid_request_error", "not_found", Status.Code.NOT_FOUND),
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found", Status.Code.NOT_FOUND),
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "request_too_large", Status.Code.INVALID_ARGUMENT),
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type", Status.Code.INVALID_ARGUMENT),
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", Status.Code.RESOURCE_EXHAUSTED),
    BUDGET_EXCEEDED(429, "insufficient_quota", "budget_exceeded", Status.Code.RESOURCE_EXHAUSTED),
    OVERLOADED(503, "server_error", "overloaded", Status.Code.RESOURCE_EXHAUSTED),
    UPSTREAM_UNAVAILABLE(502, "server_error", "upstream_unavailable", Status.Code.UNAVAILABLE),
    TIMEOUT(504, "server_error", "timeout", Status.Code.DEADLINE_EXCEEDED),
    INTERNAL(500, "server_error", "internal_error", Status.Code.INTERNAL);

    public final int httpStatus;
    public final String type;
    public final String code;
    public final Status.Code grpcCode;

    ErrorKind(int httpStatus, String type, String code, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.type = type;
        this.code = code;
        this.grpcCode = grpcCode;
    }

    /** The kind a gRPC status maps back to, when a downstream hop failed. */
    public static ErrorKind fromGrpc(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> INVALID_REQUEST;
            case NOT_FOUND -> NOT_FOUND;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case PERMISSION_DENIED -> PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> OVERLOADED;
            case DEADLINE_EXCEEDED -> TIMEOUT;
            case UNAVAILABLE -> UPSTREAM_UNAVAILABLE;
            default -> INTERNAL;
        };
    }
}
