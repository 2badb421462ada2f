package io.tollgate.router.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.router.client.ProviderCaller;
import io.tollgate.router.client.StreamSink;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.mapping.LangChainMapper;

/**
 * The router's request path: validate, choose (model named or "auto"), call the chain's models in order until one
 * answers (each inside its own guard; an open breaker is skipped at once), record exactly one generate cost event for
 * the answer. Failed attempts are not charged.
 */
@ApplicationScoped
public class RoutingService {
    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final ModelChooser chooser;
    private final ProviderCaller provider;
    private final CostReporter costs;
    private final MeterRegistry metrics;

    public RoutingService(ModelChooser chooser, ProviderCaller provider, CostReporter costs, MeterRegistry metrics) {
        this.chooser = chooser;
        this.provider = provider;
        this.costs = costs;
        this.metrics = metrics;
    }

    public record Completed(Answer answer, Routed routed) {
    }

    public Completed complete(Caller caller, ChatCall call, Double qualityTarget) {
        validate(call);
        Route route = chooser.choose(caller, call, qualityTarget);
        ChatRequest request = LangChainMapper.toRequest(call);
        List<String> attempted = new ArrayList<>();
        Exception last = null;
        for (int i = 0; i < route.chain().size(); i++) {
            CatalogueEntry model = route.chain().get(i);
            try {
                ChatResponse r = provider.call(model, request);
                Routed routed = new Routed(model, route, outcome(i), List.copyOf(attempted));
                Usage u = usage(r.tokenUsage(), call, r.aiMessage().text());
                costs.generated(caller, model, u.input, u.output, routed.outcome(), attributes(routed, u));
                String text = r.aiMessage().text() == null ? "" : r.aiMessage().text();
                Answer answer = new Answer(r.id() != null ? r.id() : "chatcmpl-" + Ids.newId(), model.id(),
                        model.provider().name(), text, LangChainMapper.finishReason(r), u.input, u.output,
                        Instant.now().getEpochSecond());
                return new Completed(answer, routed);
            } catch (Exception e) {
                last = e;
                attempted.add(model.id() + " (" + describe(e) + ")");
                failedOver(model, e);
            }
        }
        throw exhausted(attempted, last);
    }

    public void stream(Caller caller, ChatCall call, Double qualityTarget, StreamListener listener) {
        validate(call);
        Route route = chooser.choose(caller, call, qualityTarget);
        ChatRequest request = LangChainMapper.toRequest(call);
        List<String> attempted = new ArrayList<>();
        Exception last = null;
        for (int i = 0; i < route.chain().size(); i++) {
            CatalogueEntry model = route.chain().get(i);
            Routed routed = new Routed(model, route, outcome(i), List.copyOf(attempted));
            try {
                provider.stream(model, request, new Forwarder(caller, call, routed, listener));
                return;
            } catch (Exception e) {
                last = e;
                attempted.add(model.id() + " (" + describe(e) + ")");
                failedOver(model, e);
            }
        }
        throw exhausted(attempted, last);
    }

    /** Forwards one model's stream to the caller, sending the route before the first delta. */
    private final class Forwarder implements StreamSink {
        private final Caller caller;
        private final ChatCall call;
        private final Routed routed;
        private final StreamListener listener;
        private final AtomicBoolean routeSent = new AtomicBoolean();
        /** Providers may report a broken stream more than once (or complete after an error): the first end wins. */
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicLong chars = new AtomicLong();

        Forwarder(Caller caller, ChatCall call, Routed routed, StreamListener listener) {
            this.caller = caller;
            this.call = call;
            this.routed = routed;
            this.listener = listener;
        }

        @Override
        public void onDelta(String text) {
            sendRoute();
            chars.addAndGet(text.length());
            listener.onDelta(text);
        }

        @Override
        public void onComplete(ChatResponse response) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            sendRoute();
            Usage u = usage(response.tokenUsage(), call, response.aiMessage() == null ? "" : response.aiMessage().text());
            costs.generated(caller, routed.model(), u.input, u.output, routed.outcome(), attributes(routed, u));
            listener.onDone(LangChainMapper.finishReason(response), u.input, u.output);
        }

        @Override
        public void onBroken(Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            // the provider produced (and will bill) part of an answer: charge it once, estimated, as failed
            Usage u = new Usage(call.estimatedInputTokens(), (chars.get() + 3) / 4, true);
            costs.generated(caller, routed.model(), u.input, u.output, Outcome.OUTCOME_FAILED, attributes(routed, u));
            metrics.counter("tollgate_router_streams_broken_total", "model", routed.model().id()).increment();
            listener.onError(new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE,
                    "The stream from " + routed.model().id() + " broke: " + error.getMessage(), null, error));
        }

        private void sendRoute() {
            if (routeSent.compareAndSet(false, true)) {
                listener.onRoute(routed, "chatcmpl-" + Ids.newId());
            }
        }
    }

    private record Usage(long input, long output, boolean estimated) {
    }

    private static Usage usage(TokenUsage reported, ChatCall call, String text) {
        if (reported != null && reported.inputTokenCount() != null && reported.outputTokenCount() != null) {
            return new Usage(reported.inputTokenCount(), reported.outputTokenCount(), false);
        }
        return new Usage(call.estimatedInputTokens(), text == null ? 0 : (text.length() + 3) / 4, true);
    }

    private static Map<String, String> attributes(Routed routed, Usage u) {
        return Map.of("route_reason", routed.route().reason(), "attempted", String.join(", ", routed.attempted()),
                "usage", u.estimated ? "estimated" : "reported");
    }

    private static Outcome outcome(int index) {
        return index == 0 ? Outcome.OUTCOME_ROUTED : Outcome.OUTCOME_FALLBACK;
    }

    private void failedOver(CatalogueEntry model, Exception e) {
        metrics.counter("tollgate_router_failovers_total", "model", model.id(), "reason", describe(e)).increment();
        LOG.debugf(e, "model %s failed (%s); trying the next in the chain", model.id(), describe(e));
    }

    private static String describe(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "breaker open";
        }
        if (e instanceof TimeoutException) {
            return "timeout";
        }
        if (ProviderCaller.retryable(e)) {
            return "retries exhausted";
        }
        return "error";
    }

    private static TollgateException exhausted(List<String> attempted, Exception last) {
        ErrorKind kind = last instanceof TimeoutException ? ErrorKind.TIMEOUT : ErrorKind.UPSTREAM_UNAVAILABLE;
        return new TollgateException(kind, "Every model in the route failed: " + String.join(", ", attempted), null, last);
    }

    private static void validate(ChatCall call) {
        if (call.messages().isEmpty()) {
            throw TollgateException.invalid("messages", "messages must contain at least one message");
        }
        for (int i = 0; i < call.messages().size(); i++) {
            Turn t = call.messages().get(i);
            if (t.content() == null || t.content().isBlank()) {
                throw TollgateException.invalid("messages[" + i + "].content", "message content must not be empty");
            }
            if (!List.of("system", "user", "assistant", "tool").contains(t.role())) {
                throw TollgateException.invalid("messages[" + i + "].role",
                        "role must be system, user, assistant or tool, was '" + t.role() + "'");
            }
        }
    }
}
