package io.tollgate.replay.service;

import com.knuddels.jtokkit.api.IntArrayList;
import io.tollgate.replay.store.Recording;
import io.tollgate.replay.store.RouterBenchStore;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;

/**
 * Builds the answer to a chat request: the recording of the requested model for the last user message, else a
 * synthetic answer; usage counted with the model's tokenizer; the delay from the latency model.
 */
@Singleton
public class CompletionService {

    private final RouterBenchStore store;
    private final TokenCounter tokens;
    private final LatencyModel latency;

    public CompletionService(RouterBenchStore store, TokenCounter tokens, LatencyModel latency) {
        this.store = store;
        this.tokens = tokens;
        this.latency = latency;
    }

    /** Completes when the recordings are loaded; {@link #complete} gives synthetic answers before that. */
    public CompletionStage<Void> ready() {
        return store.ready();
    }

    public Completion complete(ChatRequest request, String recordingModel) {
        String prompt = request.lastUserText();
        Optional<Recording> recording = store.find(recordingModel, prompt);
        String content = recording.map(Recording::content)
                .orElseGet(() -> SyntheticAnswers.answer(recordingModel, prompt));

        String model = request.model();
        IntArrayList encoded = tokens.encode(model, content);
        String finishReason = "stop";
        if (request.maxTokens().isPresent() && encoded.size() > request.maxTokens().getAsInt()) {
            int max = request.maxTokens().getAsInt();
            content = tokens.prefix(model, encoded, max);
            encoded = tokens.encode(model, content);
            finishReason = "length";
        }
        List<String> pieces = request.stream() ? tokens.pieces(model, encoded) : List.of();
        LatencyModel.Profile profile = latency.profile(model, recordingModel);
        return new Completion(model, content, pieces, finishReason,
                tokens.promptTokens(model, request.messages()), encoded.size(),
                recording.isPresent() ? Completion.RECORDED : Completion.SYNTHETIC, recordingModel,
                recording.map(Recording::costNanoUsd).orElse(-1L),
                recording.map(Recording::score).orElse(OptionalInt.empty()),
                profile.ttftMs(), profile.perTokenMs());
    }
}
