package io.tollgate.replay.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Every knob of the replay provider; defaults are documented here and in the module README. */
@ConfigMapping(prefix = "tollgate.replay")
public interface ReplayConfig {

    /**
     * Folder that holds {@code routing/routerbench-subset/*.csv.gz}. Relative paths resolve against the working
     * directory; if the folder is missing there, the parents of the working directory are searched for
     * {@code shared/datasets}.
     */
    @WithDefault("../shared/datasets")
    String datasetsDir();

    /** Multiplies every modelled latency; 0 answers at once. */
    @WithDefault("1.0")
    double latencyScale();

    /** When set, every answer takes exactly this long (streams: before the first chunk), ignoring the model. */
    OptionalLong fixedDelayMs();

    /** Smallest interval between two streamed chunks; faster models put several tokens into one chunk. */
    @WithDefault("20")
    long streamTickMs();

    /** Per model overrides of the built-in latency profiles, {@code tollgate.replay.latency."gpt-4o".ttft-ms}. */
    Map<String, LatencyOverride> latency();

    /** Current model names answered from a RouterBench model's recordings, {@code aliases."gpt-4o"=gpt-4-1106-preview}. */
    Map<String, String> aliases();

    /**
     * Faults injected for every request to a model: {@code 429|500|timeout|stream-break}, optionally
     * {@code @fraction} (e.g. {@code 500@0.25} fails every fourth request, deterministically).
     */
    Map<String, String> faults();

    /** How long a {@code timeout} fault holds the request before answering 504. */
    @WithDefault("120000")
    long timeoutFaultHoldMs();

    /** Value of {@code retry-after} (seconds) on injected 429s. */
    @WithDefault("1")
    int retryAfterSeconds();

    /** Bound on remembered {@code x-replay-fault-key}s; the table is cleared when it grows past this. */
    @WithDefault("100000")
    int faultKeyCapacity();

    interface LatencyOverride {
        /** Time to first token, milliseconds. */
        OptionalDouble ttftMs();

        /** Time per output token after the first, milliseconds. */
        OptionalDouble perTokenMs();
    }
}
