package io.tollgate.gateway.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.mapping.HttpError;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one exception mapper of the REST layer: every throwable, ours or the framework's (bad JSON, wrong content type,
 * unknown method), becomes OpenAI error JSON through {@link HttpError}. The listed types are named so that no more
 * specific built-in mapper of Quarkus wins over this one.
 */
public class ErrorResponses {
    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper({ Throwable.class, WebApplicationException.class, TollgateException.class,
            JsonProcessingException.class, MismatchedInputException.class })
    public Response map(Throwable failure, HttpServerRequest request) {
        HttpError error = logged(failure, request.path());
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON).entity(error.body());
        if (error.retryAfterSeconds() > 0) {
            response.header("retry-after", error.retryAfterSeconds());
        }
        return response.build();
    }

    /** The error a failure becomes, logged by how surprising it is (unexpected 5xx at ERROR, the rest at DEBUG). */
    static HttpError logged(Throwable failure, String path) {
        HttpError error = HttpError.of(failure, path);
        if (clientHungUp(failure)) {
            // the caller closed the connection before its body arrived: nothing failed here, and nobody reads the answer
            LOG.debugf("client closed the connection mid-request: %s", failure.getMessage());
        } else if (error.status() >= 500 && !(failure instanceof TollgateException)) {
            LOG.error("unexpected failure", failure);
        } else {
            LOG.debugf("%d %s: %s", error.status(), error.code(), error.message());
        }
        return error;
    }

    private static boolean clientHungUp(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }
}
