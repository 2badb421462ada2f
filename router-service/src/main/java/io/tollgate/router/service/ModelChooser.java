package io.tollgate.router.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.router.classify.Choice;
import io.tollgate.router.client.ModelLoad;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.config.ModelCatalogue;
import io.tollgate.router.config.RouterConfig;

/**
 * Picks the model: a named catalogue model as asked, or for "auto" the chat model that fits the prompt with the best
 * value {@code target * p(success) - (1 - target) * cost} ({@link Choice}; the quality target comes from the request,
 * else the tenant, else the default; evaluated in docs/routing-evaluation.md). Cost is this request's estimate at
 * current prices, in units of the dearest chat model's cost of a typical request (1,000 input and 300 output tokens).
 * The chain appends the chosen model's configured fallbacks.
 */
@ApplicationScoped
public class ModelChooser {
    /** Output tokens assumed when estimating a call's cost before it is made. */
    private static final long TYPICAL_OUTPUT_TOKENS = 300;
    /** Input tokens of the typical request whose cost on the dearest model is the unit of cost (as the catalogue's order). */
    private static final long TYPICAL_INPUT_TOKENS = 1_000;

    private final ModelCatalogue catalogue;
    private final PromptClassifier classifier;
    private final RouterConfig config;
    private final BudgetPolicy budget;
    private final ModelLoad load;
    /** The unit of cost (see {@link #referenceNanos}); the catalogue's prices are fixed, so computed once. */
    private final double referenceNanos;

    public ModelChooser(ModelCatalogue catalogue, PromptClassifier classifier, RouterConfig config, BudgetPolicy budget,
            ModelLoad load) {
        this.load = load;
        this.catalogue = catalogue;
        this.classifier = classifier;
        this.config = config;
        this.budget = budget;
        this.referenceNanos = referenceNanos(catalogue);
    }

    public Route choose(Caller caller, ChatCall call, Double requestTarget) {
        double asked = target(caller, requestTarget);
        Optional<BudgetPolicy.StepDown> stepDown = budget.apply(caller, call.wantsAuto(), asked);
        if (!call.wantsAuto()) {
            CatalogueEntry m = catalogue.find(call.model()).orElseThrow(() -> new TollgateException(
                    ErrorKind.MODEL_NOT_FOUND, "The model '" + call.model() + "' does not exist", "model"));
            if (!m.isChat()) {
                throw TollgateException.invalid("model", "The model '" + m.id() + "' is an embedding model");
            }
            return new Route(chain(m), "", 0, "requested model " + m.id());
        }
        double target = stepDown.map(BudgetPolicy.StepDown::target).orElse(asked);
        PromptClassifier.Classification c = classifier.classify(caller, call.lastUserText());
        long inputTokens = call.estimatedInputTokens();
        Map<String, CatalogueEntry> fitting = new LinkedHashMap<>();
        Map<String, Double> p = new LinkedHashMap<>();
        Map<String, Double> cost = new LinkedHashMap<>();
        // models at capacity are left out while another fits, so a busy (self-hosted) model spills over
        List<CatalogueEntry> busy = new ArrayList<>();
        for (CatalogueEntry m : catalogue.chatModelsByCost()) {
            if (m.contextWindow() < inputTokens + TYPICAL_OUTPUT_TOKENS) {
                continue;
            }
            if (load.atCapacity(m)) {
                busy.add(m);
            } else {
                fitting.put(m.id(), m);
            }
        }
        if (fitting.isEmpty()) {
            // every fitting model is at capacity: choose among them, the chain will answer 503 overloaded
            busy.forEach(m -> fitting.put(m.id(), m));
            busy.clear();
        }
        for (CatalogueEntry m : fitting.values()) {
            p.put(m.id(), success(m, c));
            long nanos = catalogue.estimateNanos(m, inputTokens, TYPICAL_OUTPUT_TOKENS);
            // an unpriced model (MAX_VALUE) is left out here, so Choice counts it as the dearest
            if (nanos != Long.MAX_VALUE) {
                cost.put(m.id(), (double) nanos);
            }
        }
        if (fitting.isEmpty()) {
            throw TollgateException.invalid("messages", "The prompt (~" + inputTokens
                    + " tokens) fits no catalogue model's context window");
        }
        Map<String, Double> relativeCost = Choice.relative(cost, referenceNanos);
        CatalogueEntry chosen = fitting.get(Choice.bestValue(List.copyOf(fitting.keySet()), p, relativeCost, target));
        double best = p.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String reason = stepDown.map(BudgetPolicy.StepDown::reason).orElse("") + String.format(Locale.ROOT,
                "intent=%s difficulty=%.2f (%s) -> best value at target %.2f: p(success)=%.2f (best %.2f), cost %.3f",
                c.intent(), c.difficulty(), c.source(), target, p.get(chosen.id()), best,
                relativeCost.getOrDefault(chosen.id(), 1.0)) + (busy.isEmpty() ? "" : "; at capacity: "
                        + String.join(", ", busy.stream().map(m -> m.id() + " (" + load.inFlight(m) + " in flight)").toList()));
        return new Route(chain(chosen), c.intent(), c.difficulty(), reason);
    }

    /** A route to {@code model} and its configured fallbacks (the cascade's escalation). */
    Route routeTo(CatalogueEntry model, String intent, double difficulty, String reason) {
        return new Route(chain(model), intent, difficulty, reason);
    }

    /** The dearest priced chat model's cost of a typical request; 1 when nothing is priced (then costs stay unknown). */
    private static double referenceNanos(ModelCatalogue catalogue) {
        long max = 0;
        for (CatalogueEntry m : catalogue.chatModelsByCost()) {
            long nanos = catalogue.estimateNanos(m, TYPICAL_INPUT_TOKENS, TYPICAL_OUTPUT_TOKENS);
            if (nanos != Long.MAX_VALUE) {
                max = Math.max(max, nanos);
            }
        }
        return Math.max(1, max);
    }

    double target(Caller caller, Double requestTarget) {
        double t = requestTarget != null ? requestTarget
                : config.tenants().containsKey(caller.tenant())
                        ? config.tenants().get(caller.tenant()).qualityTarget().orElse(config.defaultQualityTarget())
                        : config.defaultQualityTarget();
        if (t < 0 || t > 1 || Double.isNaN(t)) {
            throw TollgateException.invalid("quality_target", "quality_target must be within 0..1, was " + t);
        }
        return t;
    }

    /** Trained probability when the model knows this upstream model; else the prior, lowered for hard prompts. */
    private static double success(CatalogueEntry m, PromptClassifier.Classification c) {
        Double trained = c.success().get(m.upstreamModel());
        if (trained != null) {
            return trained;
        }
        // weaker tiers lose more on hard prompts: up to 0.3 for tier 1, nothing for tier 3
        return m.prior(c.intent()) - c.difficulty() * 0.15 * (3 - m.tier());
    }

    private List<CatalogueEntry> chain(CatalogueEntry primary) {
        Set<String> seen = new LinkedHashSet<>();
        List<CatalogueEntry> out = new ArrayList<>();
        out.add(primary);
        seen.add(primary.id());
        for (String f : primary.fallbacks()) {
            if (seen.add(f)) {
                catalogue.find(f).filter(CatalogueEntry::isChat).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }
}
