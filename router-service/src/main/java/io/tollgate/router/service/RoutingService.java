package io.tollgate.router.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
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
import io.tollgate.router.classify.Agreement;
import io.tollgate.router.client.ModelLoad;
import io.tollgate.router.client.ProviderCaller;
import io.tollgate.router.client.ProviderClock;
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
    private final QualityChecks checks;
    private final ModelLoad load;
    /** The cascade's parallel calls and the shadow calls: blocking provider calls, one virtual thread each. */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

    public RoutingService(ModelChooser chooser, ProviderCaller provider, CostReporter costs, MeterRegistry metrics,
            QualityChecks checks, ModelLoad load) {
        this.load = load;
        this.chooser = chooser;
        this.provider = provider;
        this.costs = costs;
        this.metrics = metrics;
        this.checks = checks;
    }

    public record Completed(Answer answer, Routed routed) {
    }

    public Completed complete(Caller caller, ChatCall call, Double qualityTarget) {
        validate(call);
        Route route = chooser.choose(caller, call, qualityTarget);
        ChatRequest request = LangChainMapper.toRequest(call);
        Completed done = call.wantsAuto() && checks.cascades(caller)
                ? cascade(caller, call, route, request)
                : fromChain(caller, call, route, request, false, List.of());
        if (call.wantsAuto() && checks.sampleShadow(caller, done.routed().model())) {
            shadow(caller, call, request, done);
        }
        return done;
    }

    /** Calls the route's models in order until one answers; {@code escalated}: the first is a cascade's escalation. */
    private Completed fromChain(Caller caller, ChatCall call, Route route, ChatRequest request, boolean escalated,
            List<String> attemptedBefore) {
        List<String> attempted = new ArrayList<>(attemptedBefore);
        Exception last = null;
        for (int i = 0; i < route.chain().size(); i++) {
            CatalogueEntry model = route.chain().get(i);
            Optional<ModelLoad.Slot> slot = load.tryAcquire(model);
            if (slot.isEmpty()) {
                attempted.add(model.id() + " (at capacity)");
                continue;
            }
            try (ModelLoad.Slot open = slot.get()) {
                ChatResponse r = provider.call(model, request);
                Outcome outcome = i > 0 ? Outcome.OUTCOME_FALLBACK : escalated ? Outcome.OUTCOME_ESCALATED : Outcome.OUTCOME_ROUTED;
                return answered(caller, call, new Routed(model, route, outcome, List.copyOf(attempted)), r);
            } catch (Exception e) {
                last = e;
                attempted.add(model.id() + " (" + describe(e) + ")");
                failedOver(model, e);
            }
        }
        throw exhausted(attempted, last);
    }

    /** Records the answer's one generate event (with the baseline) and builds the answer. */
    private Completed answered(Caller caller, ChatCall call, Routed routed, ChatResponse r) {
        Usage u = usage(r.tokenUsage(), call, r.aiMessage().text());
        costs.generated(caller, routed.model(), u.input, u.output, routed.outcome(), attributes(routed, u));
        CatalogueEntry model = routed.model();
        Answer answer = new Answer(r.id() != null ? r.id() : "chatcmpl-" + Ids.newId(), model.id(),
                model.provider().name(), text(r), LangChainMapper.finishReason(r), u.input, u.output,
                Instant.now().getEpochSecond());
        return new Completed(answer, routed);
    }

    /**
     * The cascade: both cheap models answer in parallel. Agree: the first one's answer, the second charged as a
     * check. Disagree: the escalation model's chain answers, both cheap answers charged as checks. Not comparable
     * (long answers, or one of the two failed): the router's own route answers, reusing an answer already bought
     * when the route starts with one of the two.
     */
    private Completed cascade(Caller caller, ChatCall call, Route route, ChatRequest request) {
        List<CatalogueEntry> pair = checks.pair();
        List<Future<ChatResponse>> pending = new ArrayList<>(pair.size());
        for (CatalogueEntry m : pair) {
            Optional<ModelLoad.Slot> slot = load.tryAcquire(m);
            pending.add(slot.isEmpty() ? CompletableFuture.failedFuture(new AtCapacity(m)) : background.submit(() -> {
                try (ModelLoad.Slot open = slot.get()) {
                    return provider.call(m, request);
                }
            }));
        }
        ChatResponse[] answers = new ChatResponse[pair.size()];
        List<String> attempted = new ArrayList<>();
        // the pair runs on other threads: this request's provider time is its wait for both
        long waitStart = System.nanoTime();
        for (int i = 0; i < answers.length; i++) {
            try {
                answers[i] = pending.get(i).get();
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception x ? x : e;
                attempted.add(pair.get(i).id() + " (" + describe(cause) + ")");
                failedOver(pair.get(i), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending.forEach(f -> f.cancel(true));
                throw new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE, "Interrupted while the cascade ran", null, e);
            }
        }
        ProviderClock.add(System.nanoTime() - waitStart);
        String a = pair.get(0).id();
        String b = pair.get(1).id();
        boolean both = answers[0] != null && answers[1] != null;
        Agreement.Verdict verdict = both ? Agreement.check(text(answers[0]), text(answers[1])) : Agreement.Verdict.NOT_COMPARABLE;
        metrics.counter("tollgate_router_cascade_total", "verdict",
                both ? verdict.name().toLowerCase(Locale.ROOT) : "incomplete").increment();
        if (verdict == Agreement.Verdict.AGREE) {
            Route agreed = new Route(List.of(pair.get(0)), route.intent(), route.difficulty(), "cascade: " + a + " and "
                    + b + " agree (" + Agreement.shortForm(text(answers[0])).orElse("") + ")");
            Routed routed = new Routed(pair.get(0), agreed, Outcome.OUTCOME_ROUTED, List.copyOf(attempted));
            verified(caller, call, pair.get(1), answers[1], routed, "cascade-check");
            return answered(caller, call, routed, answers[0]);
        }
        if (verdict == Agreement.Verdict.DISAGREE) {
            Route up = chooser.routeTo(checks.escalation(), route.intent(), route.difficulty(), "cascade: " + a + " and "
                    + b + " disagree -> escalated to " + checks.escalation().id());
            for (int i = 0; i < answers.length; i++) {
                verified(caller, call, pair.get(i), answers[i], new Routed(pair.get(i), up, Outcome.OUTCOME_ESCALATED,
                        List.copyOf(attempted)), "cascade-check");
            }
            return fromChain(caller, call, up, request, true, attempted);
        }
        String why = both ? "answers too long to compare" : "no check (" + String.join(", ", attempted) + ")";
        Route own = new Route(route.chain(), route.intent(), route.difficulty(), route.reason() + "; cascade: " + why);
        int reuse = -1;
        for (int i = 0; i < answers.length; i++) {
            if (answers[i] != null && pair.get(i).id().equals(route.primary().id())) {
                reuse = i;
            }
        }
        for (int i = 0; i < answers.length; i++) {
            if (i != reuse) {
                verified(caller, call, pair.get(i), answers[i], new Routed(pair.get(i), own, Outcome.OUTCOME_ROUTED,
                        List.copyOf(attempted)), "cascade-check");
            }
        }
        return reuse >= 0
                ? answered(caller, call, new Routed(pair.get(reuse), own, Outcome.OUTCOME_ROUTED, List.copyOf(attempted)), answers[reuse])
                : fromChain(caller, call, own, request, false, attempted);
    }

    /** Charges an answer bought only as a check (no baseline); nothing when the call failed. */
    private void verified(Caller caller, ChatCall call, CatalogueEntry model, ChatResponse r, Routed routed, String role) {
        if (r == null) {
            return;
        }
        Usage u = usage(r.tokenUsage(), call, r.aiMessage().text());
        Map<String, String> attributes = new java.util.HashMap<>(attributes(routed, u));
        attributes.put("role", role);
        costs.verified(caller, model, u.input, u.output, routed.outcome(), attributes);
    }

    /**
     * The shadow quality check, in the background: the shadow model answers the same request, the two answers are
     * compared, and the estimated quality loss goes to a metric and to the shadow call's ledger event. Never delays
     * or fails the caller's answer.
     */
    private void shadow(Caller caller, ChatCall call, ChatRequest request, Completed done) {
        CatalogueEntry premium = checks.shadowModel();
        String servedBy = done.routed().model().id();
        Optional<ModelLoad.Slot> slot = load.tryAcquire(premium);
        if (slot.isEmpty()) {
            return; // a measurement is never worth queueing behind real traffic
        }
        background.submit(() -> {
            try (ModelLoad.Slot open = slot.get()) {
                ChatResponse r = provider.call(premium, request);
                double loss = 1 - Agreement.similarity(done.answer().content(), text(r));
                metrics.summary("tollgate_router_shadow_quality_loss", "model", servedBy).record(loss);
                Usage u = usage(r.tokenUsage(), call, r.aiMessage().text());
                costs.verified(caller, premium, u.input, u.output, done.routed().outcome(), Map.of("role", "shadow",
                        "shadow_of", servedBy, "estimated_quality_loss", String.format(Locale.ROOT, "%.3f", loss),
                        "usage", u.estimated ? "estimated" : "reported"));
            } catch (Exception e) {
                metrics.counter("tollgate_router_shadow_failures_total", "model", premium.id()).increment();
                LOG.debugf(e, "shadow call to %s failed", premium.id());
            }
        });
    }

    private static String text(ChatResponse r) {
        return r.aiMessage().text() == null ? "" : r.aiMessage().text();
    }

    public void stream(Caller caller, ChatCall call, Double qualityTarget, StreamListener listener) {
        validate(call);
        Route chosen = chooser.choose(caller, call, qualityTarget);
        // the cascade's check needs both whole answers before the first token: a stream takes the router's own route
        Route route = call.wantsAuto() && checks.cascades(caller) ? new Route(chosen.chain(), chosen.intent(),
                chosen.difficulty(), chosen.reason() + "; cascade: skipped for a stream") : chosen;
        ChatRequest request = LangChainMapper.toRequest(call);
        List<String> attempted = new ArrayList<>();
        Exception last = null;
        long providerStart = System.nanoTime(); // the providers' time to the first token runs from here
        for (int i = 0; i < route.chain().size(); i++) {
            CatalogueEntry model = route.chain().get(i);
            Routed routed = new Routed(model, route, outcome(i), List.copyOf(attempted));
            Optional<ModelLoad.Slot> slot = load.tryAcquire(model);
            if (slot.isEmpty()) {
                attempted.add(model.id() + " (at capacity)");
                continue;
            }
            try {
                provider.stream(model, request, new Forwarder(caller, call, routed, listener, slot.get(), providerStart));
                return;
            } catch (Exception e) {
                slot.get().close();
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
        /** The model's capacity slot, held until the stream ends. */
        private final ModelLoad.Slot slot;
        private final long providerStart;

        Forwarder(Caller caller, ChatCall call, Routed routed, StreamListener listener, ModelLoad.Slot slot,
                long providerStart) {
            this.caller = caller;
            this.call = call;
            this.routed = routed;
            this.listener = listener;
            this.slot = slot;
            this.providerStart = providerStart;
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
            slot.close();
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
            slot.close();
            // the provider produced (and will bill) part of an answer: charge it once, estimated, as failed
            Usage u = new Usage(call.estimatedInputTokens(), (chars.get() + 3) / 4, true);
            costs.generated(caller, routed.model(), u.input, u.output, Outcome.OUTCOME_FAILED, attributes(routed, u));
            metrics.counter("tollgate_router_streams_broken_total", "model", routed.model().id()).increment();
            listener.onError(new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE,
                    "The stream from " + routed.model().id() + " broke: " + error.getMessage(), null, error));
        }

        private void sendRoute() {
            if (routeSent.compareAndSet(false, true)) {
                listener.onRoute(routed, "chatcmpl-" + Ids.newId(), System.nanoTime() - providerStart);
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

    @PreDestroy
    void close() {
        background.shutdownNow();
    }

    private void failedOver(CatalogueEntry model, Exception e) {
        metrics.counter("tollgate_router_failovers_total", "model", model.id(), "reason", describe(e)).increment();
        LOG.debugf(e, "model %s failed (%s); trying the next in the chain", model.id(), describe(e));
    }

    /** A cascade model skipped because it had no capacity; never sent anywhere. */
    private static final class AtCapacity extends Exception {
        AtCapacity(CatalogueEntry model) {
            super(model.id() + " at capacity", null, false, false);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof AtCapacity) {
            return "at capacity";
        }
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
        if (last == null) {
            return new TollgateException(ErrorKind.OVERLOADED, "Every model in the route is at capacity: "
                    + String.join(", ", attempted) + "; retry shortly", null);
        }
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
