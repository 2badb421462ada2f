package io.tollgate.gateway.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.service.RateLimitedException;

import jakarta.ws.rs.WebApplicationException;

/**
 * Any failure as the HTTP error it becomes: the one place that maps {@link TollgateException}/{@link ErrorKind} (and
 * the framework's own refusals) to status and OpenAI {@code type}/{@code code}. {@code retryAfterSeconds} is 0 when no
 * {@code retry-after} header applies.
 */
public record HttpError(int status, String type, String code, String message, String param, long retryAfterSeconds) {

    /** 405 has no ErrorKind (nothing below the edge can fail that way), so it is spelled out here. */
    private static final HttpError METHOD_NOT_ALLOWED =
            new HttpError(405, "invalid_request_error", "method_not_allowed", "Method not allowed for this URL.", null, 0);

    public static HttpError of(TollgateException e) {
        long retryAfter = e instanceof RateLimitedException r ? r.retryAfterSeconds() : 0;
        return new HttpError(e.kind().httpStatus, e.kind().type, e.kind().code, e.getMessage(), e.param(), retryAfter);
    }

    public static HttpError of(ErrorKind kind, String message) {
        return new HttpError(kind.httpStatus, kind.type, kind.code, message, null, 0);
    }

    /** Framework errors (JAX-RS and Vert.x) by status. */
    public static HttpError ofStatus(int status, String path) {
        return switch (status) {
            case 400 -> of(ErrorKind.INVALID_JSON, "We could not parse the JSON body of your request.");
            case 404 -> of(ErrorKind.NOT_FOUND, "Unknown request URL: " + path + ".");
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> of(ErrorKind.PAYLOAD_TOO_LARGE, "The request body is too large.");
            case 415 -> of(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json.");
            default -> status >= 400 && status < 500
                    ? new HttpError(status, "invalid_request_error", "invalid_request", "The request was refused (HTTP " + status + ").", null, 0)
                    : of(ErrorKind.INTERNAL, "The server had an error while processing your request.");
        };
    }

    public static HttpError of(Throwable t, String path) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TollgateException te) {
                return of(te);
            }
            if (c instanceof JsonProcessingException) {
                return of(ErrorKind.INVALID_JSON, "We could not parse the JSON body of your request.");
            }
        }
        if (t instanceof WebApplicationException w) {
            return ofStatus(w.getResponse().getStatus(), path);
        }
        return of(ErrorKind.INTERNAL, "The server had an error while processing your request.");
    }

    public OpenAiJson.ErrorEnvelope body() {
        return new OpenAiJson.ErrorEnvelope(new OpenAiJson.ErrorBody(message, type, param, code));
    }
}
