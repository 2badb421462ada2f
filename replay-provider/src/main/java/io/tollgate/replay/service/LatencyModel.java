package io.tollgate.replay.service;

import io.tollgate.replay.config.ReplayConfig;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Time to first token plus time per output token, per model. Defaults are rounded medians of public API
 * measurements from the RouterBench era (Artificial Analysis, provider dashboards, late 2023 to 2024): GPT-4 Turbo
 * streams about 25 tokens/s, GPT-3.5 and the small open models 70 to 100 tokens/s.
 */
@Singleton
public class LatencyModel {

    /** Time to first token and per-token time, milliseconds, before scaling. */
    public record Profile(double ttftMs, double perTokenMs) {
    }

    static final Profile UNKNOWN = new Profile(500, 20);

    static final Map<String, Profile> DEFAULTS = Map.ofEntries(
            Map.entry("gpt-4-1106-preview", new Profile(650, 40)),
            Map.entry("gpt-3.5-turbo-1106", new Profile(350, 14)),
            Map.entry("claude-v2", new Profile(1000, 28)),
            Map.entry("claude-v1", new Profile(900, 30)),
            Map.entry("claude-instant-v1", new Profile(500, 12)),
            Map.entry("meta/llama-2-70b-chat", new Profile(500, 25)),
            Map.entry("mistralai/mixtral-8x7b-chat", new Profile(300, 12)),
            Map.entry("mistralai/mistral-7b-chat", new Profile(250, 10)),
            Map.entry("zero-one-ai/Yi-34B-Chat", new Profile(400, 25)),
            Map.entry("WizardLM/WizardLM-13B-V1.2", new Profile(300, 17)),
            Map.entry("meta/code-llama-instruct-34b-chat", new Profile(400, 22)),
            Map.entry("gpt-4o", new Profile(450, 11)),
            Map.entry("gpt-4o-mini", new Profile(400, 12)));

    private final ReplayConfig config;

    public LatencyModel(ReplayConfig config) {
        this.config = config;
    }

    /**
     * The scaled profile for a request: the requested name's profile, else that of the model whose recordings
     * answer. In fixed-delay mode the whole delay is the time to first token and tokens cost nothing.
     */
    public Profile profile(String requested, String recordingModel) {
        if (config.fixedDelayMs().isPresent()) {
            return new Profile(config.fixedDelayMs().getAsLong(), 0);
        }
        Profile base = DEFAULTS.getOrDefault(requested, DEFAULTS.getOrDefault(recordingModel, UNKNOWN));
        ReplayConfig.LatencyOverride override = config.latency().get(requested);
        if (override != null) {
            base = new Profile(override.ttftMs().orElse(base.ttftMs()), override.perTokenMs().orElse(base.perTokenMs()));
        }
        double scale = config.latencyScale();
        return new Profile(base.ttftMs() * scale, base.perTokenMs() * scale);
    }
}
