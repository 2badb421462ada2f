package io.tollgate.replay.api;

import io.tollgate.replay.mapping.ApiError;
import io.tollgate.replay.mapping.OpenAiMapping;
import io.vertx.ext.web.RoutingContext;

/** Sends an {@link ApiError} as OpenAI error JSON. */
final class Errors {

    private Errors() {
    }

    static void send(RoutingContext rc, OpenAiMapping mapping, ApiError error) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response().setStatusCode(error.status())
                .putHeader("content-type", "application/json")
                .end(mapping.error(error));
    }
}
