package io.tollgate.replay.service;

import io.tollgate.replay.config.ReplayConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models this provider answers as: the 11 RouterBench models and configured aliases of current names. */
@Singleton
public class ModelCatalog {

    /** The RouterBench models, in the dataset's order; each answers from its own recordings. */
    public static final List<String> ROUTERBENCH_MODELS = List.of(
            "gpt-4-1106-preview", "gpt-3.5-turbo-1106", "claude-v2", "claude-v1", "claude-instant-v1",
            "meta/llama-2-70b-chat", "mistralai/mixtral-8x7b-chat", "mistralai/mistral-7b-chat",
            "zero-one-ai/Yi-34B-Chat", "WizardLM/WizardLM-13B-V1.2", "meta/code-llama-instruct-34b-chat");

    private final Map<String, String> recordingModel;

    public ModelCatalog(ReplayConfig config) {
        Map<String, String> models = new LinkedHashMap<>();
        ROUTERBENCH_MODELS.forEach(m -> models.put(m, m));
        config.aliases().forEach((alias, target) -> {
            if (!ROUTERBENCH_MODELS.contains(target)) {
                throw new IllegalStateException("tollgate.replay.aliases.\"" + alias + "\"=" + target
                        + " names no RouterBench model; use one of " + ROUTERBENCH_MODELS);
            }
            models.put(alias, target);
        });
        this.recordingModel = Collections.unmodifiableMap(models);
    }

    /** The RouterBench model whose recordings answer for {@code model}, empty when the model is unknown. */
    public Optional<String> recordingModel(String model) {
        return Optional.ofNullable(recordingModel.get(model));
    }

    public List<String> names() {
        return new ArrayList<>(recordingModel.keySet());
    }

    /** The organisation shown in {@code /v1/models}. */
    public static String ownedBy(String model) {
        int slash = model.indexOf('/');
        if (slash > 0) {
            return model.substring(0, slash);
        }
        return model.startsWith("claude") ? "anthropic" : model.startsWith("gpt") ? "openai" : "replay";
    }
}
