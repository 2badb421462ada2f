package io.tollgate.worker.service;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.tollgate.common.error.TollgateException;
import io.tollgate.worker.batch.BatchPolicy;
import io.tollgate.worker.batch.DynamicBatcher;
import io.tollgate.worker.config.WorkerConfig;
import io.tollgate.worker.runtime.ModelSpec;
import io.tollgate.worker.runtime.ModelSpecs;
import io.tollgate.worker.runtime.OnnxEmbedder;
import io.tollgate.worker.runtime.SessionOptionsFactory;
import io.tollgate.worker.runtime.Tokenized;

/**
 * Loads every declared model at start (built-ins, then the model directory) and gives each its own batcher. A model
 * that fails to load is logged, kept with its error, and makes readiness DOWN; the process and the other models stay
 * up.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final WorkerConfig config;
    private final MeterRegistry meters;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();

    /**
     * Short, medium and long texts run alone at load: warms the session and seeds the lone-run cost line that the
     * batching lever is priced against (see {@link io.tollgate.worker.batch.SoloCost}).
     */
    static final List<String> CALIBRATION_TEXTS = List.of(
            "What is the capital of France?",
            "Explain in two sentences why the sky looks blue during the day and red at sunset, for a ten-year-old.",
            "Summarise the following support ticket and suggest a reply: the customer upgraded to the annual plan last"
                    + " week, was charged twice on the same card, opened two tickets that were closed without an answer,"
                    + " and now asks for a refund of the duplicate charge, an explanation of why the tickets were closed,"
                    + " and a discount on next year's renewal because of the trouble; they attach the two invoice numbers"
                    + " and say they will move to a competitor if nobody answers within three working days.");

    public ModelRegistry(WorkerConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    @PostConstruct
    void load() {
        BatchPolicy defaults = defaultPolicy(config);
        SessionOptionsFactory options = new SessionOptionsFactory(
                config.executionProvider() == WorkerConfig.ExecutionProvider.CUDA, config.cudaDeviceId(),
                config.intraOpThreads(), config.allowSpinning(), SessionOptionsFactory.MemorySaving.parse(config.memorySavings()));
        List<ModelSpecs.Declared> declared = new ArrayList<>();
        if (config.builtinModels()) {
            ModelSpecs.builtins(defaults, config.priceClass()).forEach(s -> declared.add(new ModelSpecs.Declared(s.name(), s, null)));
        }
        config.modelDir().ifPresent(dir -> {
            if (!Files.isDirectory(dir)) {
                LOG.errorf("tollgate.worker.model-dir=%s is not a folder; serving built-in models only. Create it or unset the key.", dir);
                return;
            }
            try {
                declared.addAll(ModelSpecs.fromDirectory(dir, defaults, config.priceClass()));
            } catch (IOException e) {
                LOG.errorf(e, "cannot list model directory %s; serving built-in models only", dir);
            }
        });
        for (ModelSpecs.Declared d : declared) {
            models.put(d.name(), models.containsKey(d.name())
                    ? ServedModel.failed(d.name(), d.spec(), "a model named " + d.name() + " is already declared; rename its folder")
                    : load(d, options));
        }
        models.values().stream().filter(m -> !m.ready()).forEach(m -> LOG.errorf(
                "model %s is NOT served: %s. Readiness stays DOWN until it is fixed and the worker restarted.", m.name(), m.error()));
    }

    private ServedModel load(ModelSpecs.Declared d, SessionOptionsFactory options) {
        if (d.spec() == null) {
            return ServedModel.failed(d.name(), null, d.error());
        }
        ModelSpec spec = d.spec();
        long start = System.nanoTime();
        try {
            OnnxEmbedder embedder = OnnxEmbedder.load(spec, options);
            DynamicBatcher batcher = new DynamicBatcher(spec.name(), spec.batching(), config.batchThreads(), embedder::embed, meters);
            batcher.calibrate(calibrationSamples(embedder), 3);
            LOG.infof("model %s loaded on %s in %d ms (max batch %d, preferred %s, delay %s, queue %d)", spec.name(),
                    embedder.executionProvider(), (System.nanoTime() - start) / 1_000_000, spec.batching().maxBatchSize(),
                    spec.batching().preferredBatchSizes(), spec.batching().maxQueueDelay(), spec.batching().queueCapacity());
            return new ServedModel(spec.name(), spec, embedder, batcher, null);
        } catch (Exception | LinkageError e) {
            return ServedModel.failed(spec.name(), spec, "failed to load " + spec.source() + ": " + e.getMessage());
        }
    }

    /** The calibration texts this model accepts (a model that rejects long inputs simply calibrates on fewer). */
    private static List<Tokenized> calibrationSamples(OnnxEmbedder embedder) {
        List<Tokenized> samples = new ArrayList<>();
        for (String text : CALIBRATION_TEXTS) {
            try {
                samples.addAll(embedder.tokenize(List.of(text), "calibration"));
            } catch (TollgateException tooLong) {
                // over the model's limit with overflow=reject: skip it
            }
        }
        return samples;
    }

    static BatchPolicy defaultPolicy(WorkerConfig config) {
        WorkerConfig.Batching b = config.batching();
        return b.enabled()
                ? new BatchPolicy(b.maxBatchSize(), b.preferredBatchSizes(), b.maxQueueDelay(), b.queueCapacity())
                : BatchPolicy.unbatched(b.queueCapacity());
    }

    public Optional<ServedModel> find(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Collection<ServedModel> all() {
        return models.values();
    }

    @PreDestroy
    void close() {
        for (ServedModel m : models.values()) {
            if (m.batcher() != null) {
                m.batcher().close();
            }
            if (m.embedder() != null) {
                m.embedder().close();
            }
        }
    }
}
