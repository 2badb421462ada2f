package io.tollgate.replay.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.replay.config.ReplayConfig;
import io.tollgate.replay.mapping.ApiError;
import io.tollgate.replay.mapping.OpenAiMapping;
import io.tollgate.replay.service.ChatRequest;
import io.tollgate.replay.service.Completion;
import io.tollgate.replay.service.CompletionService;
import io.tollgate.replay.service.Fault;
import io.tollgate.replay.service.FaultInjector;
import io.tollgate.replay.service.FaultInjector.FaultRequest;
import io.tollgate.replay.service.ModelCatalog;
import io.tollgate.replay.store.PromptKey;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/chat/completions}. The request path, in order: parse and validate, resolve the model, decide a
 * fault (an injected error answers at once), wait for the recordings to be loaded, build the completion, then answer
 * after the modelled delay (JSON) or stream it (SSE). Runs on the event loop; every wait is a Vert.x timer.
 */
@Singleton
public class ChatCompletionsHandler {

    static final String FAULT = "x-replay-fault";
    static final String FAULT_COUNT = "x-replay-fault-count";
    static final String FAULT_KEY = "x-replay-fault-key";
    static final String SOURCE = "x-replay-source";
    /** Extra milliseconds before a non-streamed answer: a busy endpoint (the router's capacity tests). */
    static final String DELAY = "x-replay-delay-ms";
    private static final long MAX_DELAY_MS = 60_000;

    private final Vertx vertx;
    private final OpenAiMapping mapping;
    private final ModelCatalog catalog;
    private final FaultInjector faults;
    private final CompletionService completions;
    private final ReplayConfig config;
    private final MeterRegistry metrics;

    public ChatCompletionsHandler(Vertx vertx, OpenAiMapping mapping, ModelCatalog catalog, FaultInjector faults,
                                  CompletionService completions, ReplayConfig config, MeterRegistry metrics) {
        this.vertx = vertx;
        this.mapping = mapping;
        this.catalog = catalog;
        this.faults = faults;
        this.completions = completions;
        this.config = config;
        this.metrics = metrics;
    }

    void handle(RoutingContext rc) {
        rc.response().putHeader("x-request-id", "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        ChatRequest request;
        String recordingModel;
        Optional<Fault> fault;
        long extraDelay;
        try {
            extraDelay = extraDelay(rc.request());
            request = mapping.toRequest(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
            String model = request.model();
            recordingModel = catalog.recordingModel(model).orElseThrow(() -> new ApiError(404,
                    "invalid_request_error", "The model `" + model + "` does not exist or you do not have access to it.",
                    null, "model_not_found"));
            fault = faults.decide(faultRequest(rc.request(), request), model, recordingModel);
        } catch (ApiError e) {
            count("unknown", "error_" + e.status());
            Errors.send(rc, mapping, e);
            return;
        }
        if (fault.isPresent() && fault.get() != Fault.STREAM_BREAK) {
            count(request.model(), "fault_" + fault.get().wireName());
            injectError(rc, fault.get());
            return;
        }
        boolean breakMidway = fault.isPresent();
        Context context = vertx.getOrCreateContext();
        completions.ready().whenComplete((ok, err) -> context.runOnContext(
                v -> answer(rc, request, recordingModel, breakMidway, extraDelay)));
    }

    private static long extraDelay(HttpServerRequest http) {
        String value = http.getHeader(DELAY);
        if (value == null || value.isBlank()) {
            return 0;
        }
        long ms;
        try {
            ms = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 0 || ms > MAX_DELAY_MS) {
            throw ApiError.invalid("Invalid value for header " + DELAY + ": '" + value + "'. Expected an integer from 0 to "
                    + MAX_DELAY_MS + ".", DELAY, "invalid_value");
        }
        return ms;
    }

    private void answer(RoutingContext rc, ChatRequest request, String recordingModel, boolean breakMidway, long extraDelay) {
        Completion c = completions.complete(request, recordingModel);
        count(request.model(), breakMidway ? "fault_stream-break" : c.source());
        HttpServerResponse response = rc.response();
        response.putHeader(SOURCE, c.source());
        response.putHeader("x-replay-model", c.recordedBy());
        if (c.costNanoUsd() >= 0) {
            response.putHeader("x-replay-recorded-cost-usd", BigDecimal.valueOf(c.costNanoUsd(), 9).toPlainString());
        }
        c.score().ifPresent(s -> response.putHeader("x-replay-recorded-score", Integer.toString(s)));
        response.putHeader("openai-processing-ms", Long.toString(c.totalDelayMs()));
        String id = "chatcmpl-replay" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        long created = System.currentTimeMillis() / 1000;
        if (request.stream()) {
            new StreamSession(rc, vertx, mapping, c, id, created, request.includeUsage(), breakMidway,
                    config.streamTickMs()).start();
            return;
        }
        String body = mapping.completion(id, created, c);
        Delays.after(vertx, rc, c.totalDelayMs() + extraDelay, () -> {
            response.putHeader("content-type", "application/json");
            if (breakMidway) {
                // Headers and half the body, then the connection goes: the client's JSON read fails.
                response.setChunked(true);
                response.write(body.substring(0, body.length() / 2))
                        .onComplete(ar -> rc.request().connection().close());
            } else {
                response.end(body);
            }
        });
    }

    private void injectError(RoutingContext rc, Fault fault) {
        switch (fault) {
            case RATE_LIMIT -> {
                rc.response().putHeader("retry-after", Integer.toString(config.retryAfterSeconds()));
                rc.response().putHeader("x-ratelimit-remaining-requests", "0");
                Errors.send(rc, mapping, new ApiError(429, "requests", "Rate limit reached for requests "
                        + "(injected by replay-provider: x-replay-fault=429).", null, "rate_limit_exceeded"));
            }
            case SERVER_ERROR -> Errors.send(rc, mapping, new ApiError(500, "server_error", "The server had an error "
                    + "while processing your request. Sorry about that! (injected by replay-provider: "
                    + "x-replay-fault=500)", null, null));
            case TIMEOUT -> Delays.after(vertx, rc, config.timeoutFaultHoldMs(), () -> Errors.send(rc, mapping,
                    new ApiError(504, "timeout", "Request timed out (injected by replay-provider: "
                            + "x-replay-fault=timeout).", null, "timeout")));
            case STREAM_BREAK -> throw new IllegalArgumentException("stream-break is answered, not refused");
        }
    }

    private static Optional<FaultRequest> faultRequest(HttpServerRequest http, ChatRequest request) {
        String value = http.getHeader(FAULT);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Fault fault = Fault.parse(value).orElseThrow(() -> ApiError.invalid("Invalid value for header " + FAULT
                + ": '" + value + "'. Supported values are: '429', '500', 'timeout', 'stream-break'.", FAULT,
                "invalid_value"));
        Optional<Integer> count = Optional.empty();
        String countHeader = http.getHeader(FAULT_COUNT);
        if (countHeader != null) {
            try {
                count = Optional.of(Integer.parseInt(countHeader.strip()));
            } catch (NumberFormatException e) {
                count = Optional.of(-1);
            }
            if (count.get() < 0) {
                throw ApiError.invalid("Invalid value for header " + FAULT_COUNT + ": '" + countHeader
                        + "'. Expected an integer >= 0.", FAULT_COUNT, "invalid_value");
            }
        }
        // Without a key, retries of the same request (same model and last user message) share one counter.
        String key = http.getHeader(FAULT_KEY);
        if (key == null) {
            key = request.model() + '\u0000' + PromptKey.of(request.lastUserText());
        }
        return Optional.of(new FaultRequest(fault, count, key));
    }

    private void count(String model, String outcome) {
        metrics.counter("tollgate.replay.requests", "model", model, "outcome", outcome).increment();
    }
}
