package io.tollgate.router.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Router settings ({@code tollgate.router.*}); every default is documented in README.md. */
@ConfigMapping(prefix = "tollgate.router")
public interface RouterConfig {

    /** Model catalogue: a file path, else a classpath resource. Default {@code tollgate/router-catalogue.json}. */
    @WithDefault("tollgate/router-catalogue.json")
    String catalogue();

    /** Trained success model (classpath resource or file); when missing the router uses heuristics. */
    @WithDefault("tollgate/router-model.json")
    String successModel();

    /**
     * Quality target (0..1) when neither the request nor the tenant sets one. Default 0.5: on held-out RouterBench it
     * sits with 0.8 on the same stretch of the frontier (90.5 % of premium quality at 6.8 % of its cost, against 91.0 %
     * at 7.7 %), while in the main job's replay 0.8 sent most requests to gpt-4o and gpt-4 (models judged by their
     * catalogue prior, not the trained model): 23.9 % saved at 100 % quality, against 81 % saved at 99.2 % at 0.5.
     */
    @WithDefault("0.5")
    double defaultQualityTarget();

    /** Per-tenant quality target: {@code tollgate.router.tenants.<tenant>.quality-target}. */
    Map<String, Tenant> tenants();

    /** Embedding model asked from the worker for classification; empty = the worker's default. */
    @WithDefault("all-minilm-l6-v2")
    String embeddingModel();

    /** Deadline of the classification embed call; past it the router falls back to heuristics. */
    @WithDefault("PT0.5S")
    Duration embedTimeout();

    /** Whether "auto" requests embed the prompt through the worker to classify it. */
    @WithDefault("true")
    boolean classifyWithEmbeddings();

    /**
     * Most open HTTP/1.1 connections to one OpenAI-compatible provider endpoint (host, port, TLS) for non-streaming
     * calls; past it a call waits for a free one, up to its connect timeout ({@code resilience.timeout}). Default
     * 1024: the gateway's default 512 requests in flight, each with up to two provider calls at once (the cascade).
     * Connections open on demand and close after 30 s idle, so a large cap costs nothing until it is used.
     */
    @WithDefault("1024")
    int providerPoolSize();

    Resilience resilience();

    Cascade cascade();

    Shadow shadow();

    interface Tenant {
        /** This tenant's cost-quality knob (0..1): higher picks stronger, dearer models. */
        Optional<Double> qualityTarget();

        /** Whether this tenant's "auto" requests go through the cascade; default {@code cascade.enabled}. */
        Optional<Boolean> cascade();

        /** Share (0..1) of this tenant's cheap-routed answers also asked of the shadow model; default {@code shadow.sample-rate}. */
        Optional<Double> shadowSampleRate();

        LowBudget lowBudget();
    }

    /**
     * What the router does as this tenant's budget runs low ({@code tenants.<t>.low-budget.*}): below {@code below}
     * of the tightest budget left (the gateway sends the share after reserving the request), {@code step-down} routes
     * "auto" requests at no more than {@code quality-target}; {@code refuse} refuses every model call with 429
     * {@code insufficient_quota} (cache hits, answered before the router, are still served).
     */
    interface LowBudget {
        /** Remaining share (0..1) under which the policy applies; 0 = never. */
        @WithDefault("0")
        double below();

        /** {@code step-down} or {@code refuse}. */
        @WithDefault("step-down")
        String action();

        /** The quality target "auto" requests get at most while stepped down. */
        @WithDefault("0.3")
        double qualityTarget();
    }

    /**
     * The cascade for "auto" requests (docs/routing-evaluation.md): the two cheap models answer in parallel; when their
     * short answers agree the first one's answer is served, when they disagree the escalation model answers, and when
     * they cannot be compared (long answers) the router's own choice answers (one of the two's answer when it chose
     * one). Streaming requests skip it (the check needs both whole answers).
     */
    interface Cascade {
        /** Whether "auto" requests of tenants that do not say otherwise go through the cascade. */
        @WithDefault("false")
        boolean enabled();

        /** The two catalogue chat models asked first; the first one's answer is served when they agree. */
        @WithDefault("mistralai/mixtral-8x7b-chat,zero-one-ai/Yi-34B-Chat")
        List<String> models();

        /** The catalogue chat model that answers when the two disagree; empty = the dearest chat model. */
        Optional<String> escalateTo();
    }

    /**
     * The shadow quality check: a sample of non-streamed "auto" answers served by a model other than the shadow
     * model is also asked of the shadow model in the background; the two answers are compared
     * ({@code classify.Agreement}) and the estimated quality loss (1 - agreement) goes to
     * {@code tollgate_router_shadow_quality_loss{model}} and to the shadow call's ledger event (attribute
     * {@code estimated_quality_loss}). The shadow call is paid and recorded as a {@code verify} event, with no
     * baseline: it is spend that buys a measurement, not a saving.
     */
    interface Shadow {
        /** Share (0..1) of cheap-routed answers that get a shadow call; 0 = off. */
        @WithDefault("0")
        double sampleRate();

        /** The catalogue chat model asked; empty = the dearest chat model. */
        Optional<String> model();
    }

    /** Per (provider, model) guard settings, applied to every catalogue model. */
    interface Resilience {
        /** Per-attempt timeout of a provider call (non-streaming; for streams: time to the first token). */
        @WithDefault("PT30S")
        Duration timeout();

        /** Retries after the first attempt, on 429 and 5xx only. */
        @WithDefault("2")
        int maxRetries();

        /** Base back-off between retries. */
        @WithDefault("PT0.2S")
        Duration retryDelay();

        /** Random jitter added to or removed from each back-off. */
        @WithDefault("PT0.1S")
        Duration retryJitter();

        /** Rolling window of calls the breaker judges. */
        @WithDefault("10")
        int breakerVolume();

        /** Failure ratio in the window that opens the breaker. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker skips its model before letting a trial call through. */
        @WithDefault("PT30S")
        Duration breakerDelay();
    }
}
