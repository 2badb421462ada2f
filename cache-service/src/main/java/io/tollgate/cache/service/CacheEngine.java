package io.tollgate.cache.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.tollgate.cache.client.EmbeddingClient;
import io.tollgate.cache.index.Candidate;
import io.tollgate.cache.index.SemanticIndex;
import io.tollgate.cache.store.CacheStore;
import io.tollgate.common.cache.CacheKeys;
import io.tollgate.common.cache.Cacheability;
import io.tollgate.common.cache.Prompt;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.CostRecorder;
import io.tollgate.contracts.common.v1.Outcome;

/**
 * The cache: policy, exact tier, semantic tier with its guard, stores and invalidation. Fail-open: a failing or slow
 * store, embedder or index makes a lookup a miss and a store a no-op, never an error; only bad input is an error
 * (INVALID_REQUEST). Every lookup records one {@code retrieve} cost event. Thread-safe.
 *
 * <p>Lookup, in order: validate; policy (uncacheable requests bypass); exact key (unless the gateway's exact tier has
 * just read it); if semantic is enabled, embed the last user message, search the (tenant, family) partition, and
 * serve the best candidate above the cosine floor whose context matches and which the guard accepts (hard rules, then
 * the learned confidence against min-confidence).
 */
public final class CacheEngine implements CacheStore.ChangeListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CacheEngine.class);

    private final CacheStore store;
    private final SemanticIndex index;
    private final EmbeddingClient embedder;
    private final CostRecorder recorder;
    private final CacheSettings settings;
    private final SemanticGuard guard = new SemanticGuard();
    private final PendingEmbeddings pending;
    private final Breaker storeBreaker;
    private final Breaker embedBreaker;
    /** Learned thresholds of tenants with an error budget, until the next sweep. */
    private final Map<String, ErrorBudget.Threshold> learned = new ConcurrentHashMap<>();
    /** The learned threshold of each tenant with an error budget, as a gauge (what operators watch move). */
    private final Map<String, AtomicReference<Double>> thresholdGauges = new ConcurrentHashMap<>();
    /** A wrong hit's entry floor: this much above the similarity it was served at (re-embedding may wobble by 1e-6). */
    static final float FLOOR_MARGIN = 0.001f;

    public CacheEngine(CacheStore store, SemanticIndex index, EmbeddingClient embedder, CostRecorder recorder, CacheSettings settings) {
        this.store = store;
        this.index = index;
        this.embedder = embedder;
        this.recorder = recorder;
        this.settings = settings;
        this.pending = new PendingEmbeddings(settings.pendingMax(), settings.pendingTtl());
        this.storeBreaker = new Breaker("store", settings.breakerFailures(), settings.breakerOpenFor());
        this.embedBreaker = new Breaker("embedder", settings.breakerFailures(), settings.breakerOpenFor());
    }

    /** Subscribes to replica sync, then loads every live entry into the index. Fails open: an empty index is a cold cache. */
    public int start() {
        try {
            store.listen(this);
            int[] loaded = new int[1];
            store.forEachEntry(e -> {
                if (!isCurrentVersion(e)) {
                    store.remove(e);
                } else if (e.vector() != null) {
                    upserted(e);
                    loaded[0]++;
                }
                // an entry without a vector (exact tier only) stays in the store and never enters the index
            });
            LOG.infof("semantic index rebuilt with %d entries", loaded[0]);
            return loaded[0];
        } catch (RuntimeException e) {
            LOG.warnf("could not rebuild the semantic index (starting cold): %s", e.toString());
            return 0;
        }
    }

    public LookupResult lookup(CacheContext ctx, Prompt prompt, Policy policy) {
        return lookup(ctx, prompt, policy, false);
    }

    /**
     * A lookup whose caller may already have read the exact tier itself ({@code exactChecked}: the gateway's exact
     * tier reads the same Redis keys), in which case only the semantic tier is left to look in.
     */
    public LookupResult lookup(CacheContext ctx, Prompt prompt, Policy policy, boolean exactChecked) {
        Validation.require(ctx, prompt);
        LookupResult result = LookupResult.miss("");
        Outcome outcome = Outcome.OUTCOME_MISS;
        String bypass = Cacheability.uncacheable(prompt.params());
        try {
            if (bypass != null) {
                outcome = Outcome.OUTCOME_BYPASS;
                result = LookupResult.miss("");
                return result;
            }
            result = exactChecked ? null : exact(ctx, prompt).orElse(null);
            if (result == null && policy.semanticEnabled()) {
                result = semantic(ctx, prompt, policy);
            }
            if (result == null) {
                result = LookupResult.miss("");
            }
            outcome = result.tier() == Tier.EXACT ? Outcome.OUTCOME_EXACT_HIT
                    : result.tier() == Tier.SEMANTIC ? Outcome.OUTCOME_SEMANTIC_HIT : Outcome.OUTCOME_MISS;
            return result;
        } catch (RuntimeException e) {
            LOG.warnf("lookup failed, answering a miss: %s", e.toString());
            result = LookupResult.miss("");
            return result;
        } finally {
            Metrics.counter("tollgate_cache_lookups_total", "outcome", outcome.name()).increment();
            recorder.record(CostEvents.retrieve(ctx, outcome, result, bypass));
        }
    }

    private Optional<LookupResult> exact(CacheContext ctx, Prompt prompt) {
        String model = prompt.params().model();
        String key = CacheKeys.exactKey(ctx.tenant(), settings.versionOf(model), prompt);
        return storeBreaker.call(() -> store.findByKey(ctx.tenant(), key)).flatMap(o -> o)
                .map(e -> new LookupResult(true, Tier.EXACT, 1f, e.completion(), e.entryId(), ""));
    }

    private LookupResult semantic(CacheContext ctx, Prompt prompt, Policy policy) {
        String text = CacheKeys.semanticText(prompt);
        if (text.isEmpty()) {
            return null;
        }
        Optional<float[]> vector = embedBreaker.call(() -> embedder.embed(ctx.requestId(), ctx.tenant(), ctx.team(), text));
        if (vector.isEmpty()) {
            return null;
        }
        pending.put(ctx.tenant(), ctx.requestId(), text, vector.get());
        String model = prompt.params().model();
        String family = settings.familyOf(model);
        String context = CacheKeys.contextKey(family, prompt);
        double threshold = policy.similarityThreshold() != null ? policy.similarityThreshold() : threshold(ctx.tenant()).value();
        double minConfidence = settings.minConfidenceFor(ctx.tenant());
        String refused = "";
        List<Candidate> candidates = index.search(ctx.tenant(), family, vector.get(), settings.candidates(), context);
        for (Candidate c : candidates) {
            if (c.similarity() < threshold) {
                break; // best first: nothing further can pass
            }
            if (!c.contextKey().equals(context)) {
                continue;
            }
            Optional<CacheEntry> entry = storeBreaker.call(() -> store.get(ctx.tenant(), c.entryId())).flatMap(o -> o);
            if (entry.isEmpty()) {
                if (!storeBreaker.isOpen()) {
                    index.remove(ctx.tenant(), family, c.entryId()); // expired or deleted behind our back
                }
                continue;
            }
            CacheEntry e = entry.get();
            if (!isCurrentVersion(e)) {
                storeBreaker.run(() -> store.remove(e));
                index.remove(e.tenant(), e.family(), e.entryId());
                continue;
            }
            if (c.similarity() < e.floor()) {
                if (refused.isEmpty()) {
                    refused = "feedback:entry-floor"; // this entry was judged wrong at this similarity or above
                }
                continue;
            }
            Optional<String> reason = guard.judge(text, e.promptText(), c.similarity(), minConfidence);
            if (reason.isPresent()) {
                if (refused.isEmpty()) {
                    refused = reason.get();
                }
                continue;
            }
            if (!ctx.requestId().isEmpty()) {
                storeBreaker.run(() -> store.rememberServed(ctx.tenant(),
                        new CacheStore.ServedHit(ctx.requestId(), e.entryId(), family, c.similarity()), settings.feedback().servedTtl()));
            }
            return new LookupResult(true, Tier.SEMANTIC, c.similarity(), e.completion(), e.entryId(), "");
        }
        return LookupResult.miss(refused);
    }

    /**
     * A judgement of the semantic hit that answered {@code requestId}: a wrong one raises the entry's own floor just
     * above the similarity it was served at (closer paraphrases and exact repeats still hit); every one is kept for
     * the tenant's error budget, whose threshold is then re-learned. Counted once per request.
     *
     * @throws TollgateException INVALID_REQUEST without tenant or request id; NOT_FOUND when no semantic hit is
     *                           remembered for the request in this tenant (never judged, expired, or judged already)
     */
    public FeedbackResult feedback(String tenant, String requestId, boolean correct) {
        if (tenant == null || tenant.isBlank()) {
            throw TollgateException.invalid("tenant", "tenant is required");
        }
        if (requestId == null || requestId.isBlank()) {
            throw TollgateException.invalid("request_id", "request_id is required: the id of the request that was answered from the cache");
        }
        CacheStore.ServedHit hit;
        float floor = 0;
        List<ErrorBudget.Judgement> judgements;
        try {
            hit = store.takeServed(tenant, requestId).orElseThrow(() -> new TollgateException(ErrorKind.NOT_FOUND,
                    "no semantic cache hit to judge for request " + requestId + " (only semantic hits of the last "
                            + settings.feedback().servedTtl().toHours() + " h can be judged, once)", "request_id"));
            if (!correct) {
                floor = Math.min(1f, hit.similarity() + FLOOR_MARGIN);
                store.raiseFloor(tenant, hit.entryId(), floor);
            }
            store.addJudgement(tenant, new ErrorBudget.Judgement(hit.similarity(), correct), settings.feedback().window());
            judgements = store.judgements(tenant);
        } catch (TollgateException e) {
            throw e;
        } catch (RuntimeException e) {
            // not fail-open: the caller must know that its judgement was not taken
            throw new TollgateException(ErrorKind.UPSTREAM_UNAVAILABLE, "the cache store is unavailable; the judgement was not taken", null, e);
        }
        Metrics.counter("tollgate_cache_feedback_total", "correct", Boolean.toString(correct)).increment();
        double budget = settings.feedback().budgetFor(tenant);
        ErrorBudget.Threshold t = budget > 0 ? learn(tenant, budget, judgements) : threshold(tenant);
        return new FeedbackResult(hit.entryId(), hit.similarity(), floor, t.value(), judgements.size(), t.source());
    }

    /** What {@link #feedback} did. */
    public record FeedbackResult(String entryId, float similarity, float entryFloor, double tenantThreshold, int observations,
            String thresholdSource) {
    }

    /**
     * The tenant's threshold when the request sets none: learned from its judgements when it has an error budget
     * (read from the store on the tenant's first lookup, then kept here and re-learned by {@link #sweep}, off the
     * request path, so that replicas converge), else configured.
     */
    ErrorBudget.Threshold threshold(String tenant) {
        double budget = settings.feedback().budgetFor(tenant);
        if (budget <= 0) {
            return new ErrorBudget.Threshold(settings.configuredThreshold(tenant),
                    settings.tenantThresholds().containsKey(tenant) ? "tenant" : "default", 0);
        }
        ErrorBudget.Threshold cached = learned.get(tenant);
        return cached != null ? cached : learn(tenant, budget, null);
    }

    /**
     * Learns the tenant's threshold from its judgements ({@code known}, or read from the store) and keeps it; with the
     * store down, the configured threshold, not kept.
     */
    private ErrorBudget.Threshold learn(String tenant, double budget, List<ErrorBudget.Judgement> known) {
        double configured = settings.configuredThreshold(tenant);
        Optional<List<ErrorBudget.Judgement>> judgements = known != null ? Optional.of(known)
                : storeBreaker.call(() -> store.judgements(tenant));
        if (judgements.isEmpty()) {
            return new ErrorBudget.Threshold(configured, "tenant", 0);
        }
        ErrorBudget.Threshold t = ErrorBudget.threshold(judgements.get(), budget, settings.feedback().minJudgements(), configured);
        learned.put(tenant, t);
        thresholdGauges.computeIfAbsent(tenant, k -> {
            AtomicReference<Double> v = new AtomicReference<>(t.value());
            Metrics.gauge("tollgate_cache_tenant_threshold", Tags.of("tenant", k), v, AtomicReference::get);
            return v;
        }).set(t.value());
        return t;
    }

    public StoreResult store(CacheContext ctx, Prompt prompt, Completion completion, Policy policy) {
        Validation.require(ctx, prompt);
        if (completion == null || completion.content() == null || completion.content().isEmpty()) {
            throw TollgateException.invalid("completion", "completion with content is required");
        }
        if (policy.noStore()) {
            return StoreResult.skipped("no_store");
        }
        String bypass = Cacheability.uncacheable(prompt.params());
        if (bypass != null) {
            return StoreResult.skipped(bypass);
        }
        String model = prompt.params().model();
        String family = settings.familyOf(model);
        String text = CacheKeys.semanticText(prompt);
        float[] vector = null;
        if (policy.semanticEnabled() && !text.isEmpty()) {
            vector = pending.take(ctx.tenant(), ctx.requestId(), text);
            if (vector == null) {
                vector = embedBreaker.call(() -> embedder.embed(ctx.requestId(), ctx.tenant(), ctx.team(), text)).orElse(null);
            }
        }
        long now = System.currentTimeMillis();
        CacheEntry entry = new CacheEntry(Ids.newId(), ctx.tenant(), CacheKeys.exactKey(ctx.tenant(), settings.versionOf(model), prompt),
                model, family, settings.versionOf(model), CacheKeys.contextKey(family, prompt), text,
                policy.tags() == null ? List.of() : List.copyOf(policy.tags()), completion,
                vector == null ? null : SemanticIndex.normalise(vector), now, now + ttl(policy).toMillis(), 0f);
        if (!storeBreaker.run(() -> store.put(entry))) {
            return StoreResult.skipped("store_unavailable");
        }
        upserted(entry);
        return new StoreResult(true, entry.entryId(), "");
    }

    public long invalidate(String tenant, String model, String tag) {
        if (tenant == null || tenant.isBlank()) {
            throw TollgateException.invalid("tenant", "tenant is required");
        }
        List<CacheEntry> removed = store.removeMatching(tenant, model, tag);
        removed.forEach(e -> index.remove(e.tenant(), e.family(), e.entryId()));
        return removed.size();
    }

    /** Drops expired entries from the index; called periodically. */
    public int sweep() {
        // re-learn from the store, with other replicas' judgements, here rather than on a lookup
        for (String tenant : List.copyOf(learned.keySet())) {
            learn(tenant, settings.feedback().budgetFor(tenant), null);
        }
        return index.sweep();
    }

    private Duration ttl(Policy policy) {
        if (policy.ttlSeconds() <= 0) {
            return settings.defaultTtl();
        }
        Duration requested = Duration.ofSeconds(policy.ttlSeconds());
        return requested.compareTo(settings.maxTtl()) > 0 ? settings.maxTtl() : requested;
    }

    private boolean isCurrentVersion(CacheEntry e) {
        return settings.versionOf(e.model()).equals(e.modelVersion());
    }

    @Override
    public void upserted(CacheEntry e) {
        if (e.vector() != null && isCurrentVersion(e)) {
            index.add(e.tenant(), e.family(), e.entryId(), e.contextKey(), e.vector(), e.expiresAtMillis());
        }
    }

    @Override
    public void removed(String tenant, String family, String entryId) {
        index.remove(tenant, family, entryId);
    }

    @Override
    public void close() {
        store.close();
    }
}
