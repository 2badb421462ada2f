package io.tollgate.router.client;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.config.RouterConfig;

/**
 * Calls one catalogue model through its LangChain4j client inside that model's guard: timeout (innermost), circuit
 * breaker, then retries with exponential back-off and jitter on 429 and 5xx only. An open breaker fails at once with
 * {@link CircuitBreakerOpenException}, so the router moves to the next model without waiting.
 *
 * <p>A stream is guarded until its first token: failures before it are retried like a plain call; once a token has
 * been forwarded the stream belongs to the caller and a break reaches {@link StreamSink#onBroken}.
 *
 * <p>Metrics: {@code tollgate_router_provider_attempts_total{model,result}}, {@code
 * tollgate_router_provider_retries_total{model}}, {@code tollgate_router_breaker_state{model}} (0 closed, 1 half-open,
 * 2 open), plus SmallRye Fault Tolerance's own {@code ft_*} metrics under the description {@code router:<model>}.
 */
@ApplicationScoped
public class ProviderCaller {
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> breakerStates = new ConcurrentHashMap<>();
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final RouterConfig.Resilience settings;
    private final ChatClients clients;
    private final MeterRegistry metrics;

    public ProviderCaller(RouterConfig config, ChatClients clients, MeterRegistry metrics) {
        this.settings = config.resilience();
        this.clients = clients;
        this.metrics = metrics;
    }

    /** A guarded blocking call. Throws the provider's last error, a timeout, or CircuitBreakerOpenException. */
    public ChatResponse call(CatalogueEntry model, ChatRequest request) throws Exception {
        return guard(model).call(() -> attempt(model, () -> clients.chat(model).chat(request)), ChatResponse.class);
    }

    /**
     * Opens a guarded stream: returns once the first token (or an empty complete answer) has gone to {@code sink}.
     * Throws like {@link #call} when the stream fails before its first token.
     */
    public void stream(CatalogueEntry model, ChatRequest request, StreamSink sink) throws Exception {
        guard(model).call(() -> attempt(model, () -> openStream(model, request, sink)), Boolean.class);
    }

    public static String breakerName(CatalogueEntry model) {
        return "router:" + model.id();
    }

    public CircuitBreakerState breakerState(CatalogueEntry model) {
        guard(model);
        return CircuitBreakerMaintenance.get().currentState(breakerName(model));
    }

    private Boolean openStream(CatalogueEntry model, ChatRequest request, StreamSink sink) {
        StreamAttempt attempt = new StreamAttempt(model.id(), sink);
        clients.streaming(model).chat(request, attempt);
        return attempt.awaitFirstToken();
    }

    private <T> T attempt(CatalogueEntry model, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            count(model, "success");
            return result;
        } catch (RuntimeException e) {
            count(model, retryable(e) ? "retryable_error" : "error");
            throw e;
        } finally {
            ProviderClock.add(System.nanoTime() - start);
        }
    }

    private Guard guard(CatalogueEntry model) {
        return guards.computeIfAbsent(model.id(), id -> {
            AtomicInteger state = breakerStates.computeIfAbsent(id, k -> new AtomicInteger());
            Gauge.builder("tollgate_router_breaker_state", state, AtomicInteger::get)
                    .description("0 closed, 1 half-open, 2 open").tag("model", id).register(metrics);
            return Guard.create()
                    .withDescription(breakerName(model))
                    .withRetry()
                        .maxRetries(settings.maxRetries())
                        .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .jitter(settings.retryJitter().toMillis(), ChronoUnit.MILLIS)
                        .withExponentialBackoff().factor(2).maxDelay(5, ChronoUnit.SECONDS).done()
                        .whenException(ProviderCaller::retryable)
                        .beforeRetry(() -> metrics.counter("tollgate_router_provider_retries_total", "model", id).increment())
                        .done()
                    .withCircuitBreaker()
                        .name(breakerName(model))
                        .requestVolumeThreshold(settings.breakerVolume())
                        .failureRatio(settings.breakerFailureRatio())
                        .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                        .successThreshold(1)
                        // a request the provider rejects as malformed says nothing about the provider's health
                        .when(t -> !clientError(t))
                        .onStateChange(s -> state.set(switch (s) {
                            case CLOSED -> 0;
                            case HALF_OPEN -> 1;
                            case OPEN -> 2;
                        }))
                        .onPrevented(() -> count(model, "breaker_open"))
                        .done()
                    .withTimeout()
                        .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
                        .onTimeout(() -> count(model, "timeout"))
                        .done()
                    .build();
        });
    }

    private void count(CatalogueEntry model, String result) {
        // looked up once per (model, result): the registry's lookup sorts and hashes the tags on every call
        attempts.computeIfAbsent(model.id() + '\u0000' + result, k -> metrics.counter(
                "tollgate_router_provider_attempts_total", "model", model.id(), "result", result)).increment();
    }

    /** 429 and 5xx are worth retrying; nothing else is (timeouts go straight to the fallback chain). */
    public static boolean retryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof RateLimitException || c instanceof InternalServerException) {
                return true;
            }
            if (c instanceof HttpException h) {
                return h.statusCode() == 429 || h.statusCode() >= 500;
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return false;
    }

    /** A 4xx other than 429: the request, not the provider, is at fault. */
    static boolean clientError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpException h) {
                return h.statusCode() >= 400 && h.statusCode() < 500 && h.statusCode() != 429;
            }
            if (c instanceof dev.langchain4j.exception.InvalidRequestException
                    || c instanceof dev.langchain4j.exception.AuthenticationException) {
                return true;
            }
        }
        return false;
    }
}
