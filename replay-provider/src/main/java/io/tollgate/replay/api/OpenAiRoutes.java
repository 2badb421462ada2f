package io.tollgate.replay.api;

import io.tollgate.replay.mapping.ApiError;
import io.tollgate.replay.mapping.OpenAiMapping;
import io.tollgate.replay.service.ModelCatalog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The OpenAI-compatible HTTP surface: {@code POST /v1/chat/completions}, {@code GET /v1/models[/{id}]}, and OpenAI
 * error JSON for everything else under {@code /v1}. Plain Vert.x routes, because one endpoint answers JSON or SSE
 * depending on the body, and faults must be able to cut a connection mid-body.
 */
@Singleton
public class OpenAiRoutes {

    /** Generous for long chat histories, small enough that a runaway client cannot exhaust a 384 MB heap. */
    private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** RouterBench's models date from late 2023; one fixed timestamp keeps /v1/models stable. */
    private static final long MODELS_CREATED = 1_700_000_000L;

    private final ChatCompletionsHandler chat;
    private final ModelCatalog catalog;
    private final OpenAiMapping mapping;

    public OpenAiRoutes(ChatCompletionsHandler chat, ModelCatalog catalog, OpenAiMapping mapping) {
        this.chat = chat;
        this.catalog = catalog;
        this.mapping = mapping;
    }

    void register(@Observes Router router) {
        router.post("/v1/chat/completions").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES)).handler(chat::handle);
        router.get("/v1/models").handler(this::models);
        router.get("/v1/models/*").handler(this::model);
        router.route("/v1/chat/completions").handler(rc -> Errors.send(rc, mapping, new ApiError(405,
                "invalid_request_error", "Method " + rc.request().method() + " is not allowed on /v1/chat/completions; "
                        + "use POST.", null, "method_not_allowed")));
        router.route("/v1/*").handler(rc -> Errors.send(rc, mapping, new ApiError(404, "invalid_request_error",
                "Unknown request URL: " + rc.request().method() + " " + rc.request().path() + ".", null,
                "unknown_url")));
        router.route("/v1/*").failureHandler(this::failure);
    }

    private void models(RoutingContext rc) {
        rc.response().putHeader("content-type", "application/json").end(mapping.models(catalog.names(), MODELS_CREATED));
    }

    private void model(RoutingContext rc) {
        String id = rc.request().path().substring("/v1/models/".length());
        if (catalog.recordingModel(id).isEmpty()) {
            Errors.send(rc, mapping, new ApiError(404, "invalid_request_error", "The model `" + id
                    + "` does not exist or you do not have access to it.", null, "model_not_found"));
            return;
        }
        rc.response().putHeader("content-type", "application/json").end(mapping.modelJson(id, MODELS_CREATED));
    }

    private void failure(RoutingContext rc) {
        int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
        String message = status == 413 ? "Request body larger than " + MAX_BODY_BYTES + " bytes."
                : "The replay provider failed: " + (rc.failure() == null ? "status " + status : rc.failure().getMessage());
        Errors.send(rc, mapping, new ApiError(status, status >= 500 ? "server_error" : "invalid_request_error",
                message, null, null));
    }
}
