package io.tollgate.gateway.api;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.configuration.MemorySize;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.id.Ids;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.mapping.HttpError;
import io.tollgate.gateway.service.CacheOutcome;
import io.tollgate.gateway.service.RequestTrace;
import io.tollgate.gateway.service.Route;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP edge below JAX-RS, on the event loop (never blocks): gives every request its id and trace before anything
 * else runs, writes the Tollgate headers when the response headers go out (so errors, framework refusals and streams
 * carry them too), records the overhead metric, and answers unknown URLs and over-large bodies in OpenAI error JSON.
 */
@ApplicationScoped
public class HttpEdge {
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    public static final String REQUEST_ID = "x-request-id";
    private static final String CHAT_PATH = "/v1/chat/completions";
    /** Printable ASCII only, bounded: a route reason from the router must not be able to break the header block. */
    private static final int MAX_REASON = 200;
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7e]");

    private final ObjectMapper json;
    private final Map<CacheOutcome, Timer> overheadByOutcome = new EnumMap<>(CacheOutcome.class);
    private final Timer overheadOfErrors;

    private final long maxBodyBytes;
    /** API requests admitted and not yet answered; past {@code maxInFlight} new ones are shed with a 503 at once. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final Counter shed;

    public HttpEdge(ObjectMapper json, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            GatewayConfig config) {
        this.json = json;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.maxInFlight = config.maxInFlight();
        Gauge.builder("tollgate.gateway.in.flight", inFlight, AtomicInteger::get)
                .description("API requests admitted and not yet answered").register(registry);
        this.shed = Counter.builder("tollgate.gateway.shed")
                .description("API requests refused with 503 because max-in-flight were already being served").register(registry);
        for (CacheOutcome outcome : CacheOutcome.values()) {
            overheadByOutcome.put(outcome, overheadTimer(registry, outcome.header));
        }
        this.overheadOfErrors = overheadTimer(registry, "error");
    }

    private static Timer overheadTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("tollgate.gateway.overhead")
                .description("Time a chat request spent in Tollgate, excluding waiting on the router and its provider")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::begin);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        // Reached only when no other route (JAX-RS resources, /q/*) took the request.
        router.route().last().handler(rc -> writeError(rc, HttpError.ofStatus(404, rc.request().path())));
    }

    private void begin(RoutingContext rc) {
        String supplied = rc.request().getHeader(REQUEST_ID);
        // Keep a caller's id only if it is a canonical UUID: it lands in logs, metrics and every cost event.
        String id = Ids.isUuid(supplied) ? supplied.toLowerCase(Locale.ROOT) : Ids.newId();
        RequestTrace trace = new RequestTrace(id, System.nanoTime());
        rc.put(RequestTrace.KEY, trace);
        rc.addHeadersEndHandler(v -> headers(rc, trace));
        if (declaredLength(rc) > maxBodyBytes) {
            // Quarkus would refuse it too, with an empty body; answer in OpenAI JSON and drop the connection instead
            // of reading the rest of a body we will not use.
            rc.response().putHeader("connection", "close");
            writeError(rc, HttpError.ofStatus(413, rc.request().path()));
            return;
        }
        if (rc.request().path().startsWith("/v1/")) {
            // Bounded work in progress: memory and queueing stay bounded under overload, and a caller learns at once
            // to back off (or go to another replica) instead of timing out behind thousands of queued requests.
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                shed.increment();
                rc.response().putHeader("retry-after", "1");
                writeError(rc, HttpError.of(ErrorKind.OVERLOADED, "The gateway is serving "
                        + maxInFlight + " requests already; retry after a second."));
                return;
            }
            rc.addEndHandler(done -> inFlight.decrementAndGet());
        }
        rc.next();
    }

    private static long declaredLength(RoutingContext rc) {
        String length = rc.request().getHeader("content-length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void headers(RoutingContext rc, RequestTrace trace) {
        MultiMap h = rc.response().headers();
        h.set(REQUEST_ID, trace.requestId());
        CacheOutcome cache = trace.cache();
        if (cache != null) {
            h.set("x-tollgate-cache", cache.header);
            if (!Float.isNaN(trace.similarity())) {
                h.set("x-tollgate-cache-similarity", String.format(Locale.ROOT, "%.4f", trace.similarity()));
            }
        }
        Route route = trace.route();
        if (route != null) {
            h.set("x-tollgate-route", routeHeader(route));
        }
        String path = rc.request().path();
        if (path.startsWith("/v1/")) {
            long overhead = trace.overheadNanos(System.nanoTime());
            h.set("x-tollgate-overhead-ms", millis3(overhead));
            if (path.equals(CHAT_PATH)) {
                Timer timer = rc.response().getStatusCode() >= 400 || cache == null ? overheadOfErrors : overheadByOutcome.get(cache);
                timer.record(overhead, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Nanoseconds as milliseconds with three decimals ({@code "0.412"}), as {@code String.format("%.3f")} would write
     * them but without a Formatter per request: this runs on the event loop for every response.
     */
    static String millis3(long nanos) {
        long micros = (nanos + 500) / 1000;
        long frac = micros % 1000;
        return (micros / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }

    static String routeHeader(Route route) {
        String reason = route.reason() == null ? "" : NOT_PRINTABLE.matcher(route.reason()).replaceAll("?").replace('"', '\'');
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
        return route.model() + "; outcome=" + route.outcome() + "; reason=\"" + reason + "\"";
    }

    /** Failures that happen below JAX-RS, such as a body over {@code quarkus.http.limits.max-body-size} (413). */
    private void failure(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
        if (status == 500 && rc.failure() != null) {
            LOG.error("unexpected failure", rc.failure());
        }
        writeError(rc, rc.failure() != null && status == 500 ? HttpError.of(rc.failure(), rc.request().path())
                : HttpError.ofStatus(status, rc.request().path()));
    }

    void writeError(RoutingContext rc, HttpError error) {
        try {
            if (error.retryAfterSeconds() > 0) {
                rc.response().putHeader("retry-after", String.valueOf(error.retryAfterSeconds()));
            }
            rc.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
                    .end(json.writeValueAsString(error.body()));
        } catch (JsonProcessingException e) {
            rc.response().setStatusCode(500).end();
        }
    }
}
