package io.tollgate.router.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.worker.v1.EmbedResponse;
import io.tollgate.router.client.WorkerClient;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.config.ModelCatalogue;

/**
 * Embeddings go to the inference worker with the caller's context (the worker appends the embed cost event). The
 * model must be a catalogue embedding model, or empty for the worker's default.
 */
@ApplicationScoped
public class EmbeddingService {
    private final WorkerClient worker;
    private final ModelCatalogue catalogue;

    public EmbeddingService(WorkerClient worker, ModelCatalogue catalogue) {
        this.worker = worker;
        this.catalogue = catalogue;
    }

    public EmbedResponse embed(RequestContext context, String model, List<String> inputs) {
        if (inputs.isEmpty()) {
            throw TollgateException.invalid("input", "input must contain at least one text");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isEmpty()) {
                throw TollgateException.invalid("input[" + i + "]", "input texts must not be empty");
            }
        }
        String upstream = "";
        if (!model.isBlank()) {
            CatalogueEntry m = catalogue.find(model).orElseThrow(() -> new TollgateException(ErrorKind.MODEL_NOT_FOUND,
                    "The model '" + model + "' does not exist", "model"));
            if (m.isChat()) {
                throw TollgateException.invalid("model", "The model '" + model + "' is a chat model, not an embedding model");
            }
            upstream = m.upstreamModel();
        }
        return worker.embed(context, upstream, inputs);
    }
}
