package io.tollgate.worker.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.ledger.CostRecorder;
import io.tollgate.worker.batch.BatchResult;
import io.tollgate.worker.config.WorkerConfig;
import io.tollgate.worker.runtime.Tokenized;

/**
 * Embed, in order: validate, pick the model, tokenise (rejecting or truncating over-long texts), queue in the model's
 * batcher, and on success record the request's {@code embed} cost event (unless the caller records it itself).
 */
@ApplicationScoped
public class EmbeddingService {
    private final ModelRegistry registry;
    private final CostEvents costs;
    private final String defaultModel;
    private final int maxInputs;

    @Inject
    public EmbeddingService(ModelRegistry registry, CostRecorder recorder, WorkerConfig config) {
        this(registry, new CostEvents(recorder), config.defaultModel(), config.maxInputsPerRequest());
    }

    EmbeddingService(ModelRegistry registry, CostEvents costs, String defaultModel, int maxInputs) {
        this.registry = registry;
        this.costs = costs;
        this.defaultModel = defaultModel;
        this.maxInputs = maxInputs;
    }

    /** Completes with the vectors, or exceptionally with a {@link TollgateException}; invalid input throws at once. */
    public CompletableFuture<EmbedResult> embed(EmbedCommand cmd) {
        List<String> inputs = cmd.inputs();
        if (inputs.isEmpty()) {
            throw TollgateException.invalid("inputs", "inputs must hold at least one text");
        }
        if (inputs.size() > maxInputs) {
            throw TollgateException.invalid("inputs", "at most " + maxInputs + " inputs per request, got " + inputs.size());
        }
        String name = cmd.model() == null || cmd.model().isBlank() ? defaultModel : cmd.model();
        ServedModel model = registry.find(name).orElseThrow(() -> TollgateException.invalid("model",
                "unknown model '" + name + "'; served: " + registry.all().stream().map(ServedModel::name).toList()));
        if (!model.ready()) {
            throw new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE, "model " + name + " is not loaded: " + model.error(), "model");
        }
        List<Tokenized> texts = model.embedder().tokenize(inputs, "inputs");
        return model.batcher().submit(cmd.caller().requestId(), texts, cmd.priority(), cmd.deadline())
                .thenApply(r -> finish(cmd, model, r));
    }

    private EmbedResult finish(EmbedCommand cmd, ServedModel model, BatchResult r) {
        EmbedResult result = new EmbedResult(model.name(), r.vectors(), r.inputTokens(), micros(r.computeNanos()),
                micros(r.unbatchedNanos()), micros(r.queueNanos()), r.batchSize());
        if (!cmd.skipCostEvent()) {
            costs.recordEmbed(cmd.caller(), model.spec(), result);
        }
        return result;
    }

    /** Rounded up: a request that ran is never attributed zero compute. */
    private static long micros(long nanos) {
        return (nanos + 999) / 1000;
    }
}
