package io.tollgate.ledger.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;

/** Every error leaves the REST edge as OpenAI-style JSON with the matching status. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response tollgate(TollgateException e) {
        if (e.kind() == ErrorKind.INTERNAL) {
            LOG.error("ledger request failed", e);
        }
        return response(e.kind(), e.getMessage(), e.param());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return response(ErrorKind.INVALID_JSON, "request body is not valid JSON: " + e.getOriginalMessage(), null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return response(ErrorKind.NOT_FOUND, "no such endpoint", null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException json) {
                return badJson(json);
            }
        }
        ErrorKind kind = switch (status) {
            case 400 -> ErrorKind.INVALID_REQUEST;
            case 401 -> ErrorKind.UNAUTHENTICATED;
            case 403 -> ErrorKind.PERMISSION_DENIED;
            case 404 -> ErrorKind.NOT_FOUND;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorKind.INVALID_REQUEST : ErrorKind.INTERNAL;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(kind, e.getMessage(), null)).build();
    }

    static Response response(ErrorKind kind, String message, String param) {
        return Response.status(kind.httpStatus).type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(kind, message, param)).build();
    }
}
