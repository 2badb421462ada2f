package io.tollgate.router.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.router.classify.Heuristics;
import io.tollgate.router.classify.SuccessModel;
import io.tollgate.router.client.WorkerClient;
import io.tollgate.router.config.RouterConfig;

/**
 * Intent, difficulty and per-model success probability of a prompt. With a trained {@link SuccessModel} and a
 * reachable worker it embeds the prompt's tail and predicts; otherwise (no model, worker down or slow) it falls back to
 * {@link Heuristics} and the catalogue's priors. Counted in {@code tollgate_router_classifications_total{source}}.
 * Eager ({@code @Startup}): a bad model file stops start-up instead of failing the first request.
 */
@Startup
@ApplicationScoped
public class PromptClassifier {
    private static final Logger LOG = Logger.getLogger(PromptClassifier.class);

    /** {@code success} is keyed by upstream model name and empty when only heuristics ran. */
    public record Classification(String intent, double difficulty, Map<String, Double> success, String source) {
    }

    private final Optional<SuccessModel> model;
    private final WorkerClient worker;
    private final RouterConfig config;
    private final MeterRegistry metrics;

    public PromptClassifier(RouterConfig config, WorkerClient worker, MeterRegistry metrics) {
        this.config = config;
        this.worker = worker;
        this.metrics = metrics;
        this.model = load(config.successModel());
    }

    public Optional<SuccessModel> model() {
        return model;
    }

    public Classification classify(Caller caller, String prompt) {
        if (model.isPresent() && config.classifyWithEmbeddings()) {
            SuccessModel m = model.get();
            try {
                float[] embedding = worker.embedForClassification(context(caller), m.embeddingModel(),
                        SuccessModel.tail(prompt, m.tailChars()), config.embedTimeout());
                SuccessModel.Prediction p = m.predict(embedding);
                metrics.counter("tollgate_router_classifications_total", "source", "embedding").increment();
                return new Classification(p.intent(), p.difficulty(), p.success(), "embedding");
            } catch (RuntimeException e) {
                LOG.debugf("classification embed failed (%s); using heuristics", e.getMessage());
            }
        }
        Heuristics.Guess g = Heuristics.classify(prompt);
        metrics.counter("tollgate_router_classifications_total", "source", "heuristic").increment();
        return new Classification(g.intent(), g.difficulty(), Map.of(), "heuristic");
    }

    private static RequestContext context(Caller c) {
        return RequestContext.newBuilder().setRequestId(c.requestId()).setTenant(c.tenant()).setTeam(c.team())
                .setApiKeyId(c.apiKeyId()).setBaselineModel(c.baselineModel()).build();
    }

    /**
     * The file must name an embedding model the worker serves and have that model's dimension: a model trained on other
     * vectors would predict nonsense on every request instead of failing once, here.
     */
    static SuccessModel validated(SuccessModel m, String location) {
        Integer expected = SuccessModel.EMBEDDING_DIMS.get(m.embeddingModel());
        if (expected == null) {
            throw new IllegalStateException("Trained success model '" + location + "' was trained on embeddings of '"
                    + m.embeddingModel() + "', which the router does not know (known: "
                    + new java.util.TreeSet<>(SuccessModel.EMBEDDING_DIMS.keySet())
                    + "); retrain it (router-service/README.md, Training) or point tollgate.router.success-model elsewhere");
        }
        if (m.dims() != expected) {
            throw new IllegalStateException("Trained success model '" + location + "' expects " + m.dims()
                    + "-dimensional embeddings but " + m.embeddingModel() + " gives " + expected
                    + "; retrain it (router-service/README.md, Training) or point tollgate.router.success-model elsewhere");
        }
        LOG.infof("success model %s: %d models, embeddings %s (%d dims)%s", location, m.modelWeights().size(),
                m.embeddingModel(), m.dims(), m.neighbours() == null ? "" : ", " + m.neighbours().size() + " neighbours");
        return m;
    }

    private static Optional<SuccessModel> load(String location) {
        try {
            Path file = Path.of(location);
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    return Optional.of(validated(SuccessModel.read(in), location));
                }
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (in == null) {
                    LOG.infof("no trained success model at %s; routing on heuristics (train one: see README.md)", location);
                    return Optional.empty();
                }
                return Optional.of(validated(SuccessModel.read(in), location));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Trained success model '" + location + "' cannot be read (" + e.getMessage()
                    + "); retrain it (README.md, Training) or point tollgate.router.success-model elsewhere", e);
        }
    }
}
