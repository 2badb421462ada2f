package io.tollgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.tollgate.common.cache.CacheKeys;
import io.tollgate.common.cache.CacheLayout;
import io.tollgate.common.cache.Cacheability;
import io.tollgate.common.cache.EntryWriter;
import io.tollgate.common.cache.Prompt;
import io.tollgate.common.cache.Prompts;
import io.tollgate.common.cache.RetrieveEvents;
import io.tollgate.common.id.Ids;
import io.tollgate.common.ledger.LedgerAppender;
import io.tollgate.common.redis.RedisScript;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.gateway.config.GatewayConfig;
import io.tollgate.gateway.service.CallContext;
import io.tollgate.gateway.service.Completion;
import io.tollgate.gateway.service.Usage;
import io.vertx.mutiny.redis.client.Response;

/**
 * The exact tier, read by the gateway itself: one Redis round trip (a script that follows the exact key's pointer to
 * the entry) instead of a gRPC hop to the cache service and the cache's two reads. The keys are the cache service's
 * own ({@link CacheKeys}, {@link Prompts} and {@link CacheLayout} are shared code, so the two cannot compute different
 * keys), and the tenant is part of the key and checked again on the entry. The answer of an exact-only request (semantic
 * tier off) is also written from here, through the cache service's own {@link EntryWriter}: such an entry has no
 * vector, so no index or replica of the cache service needs to see it. Everything else (semantic entries,
 * invalidation, expiry sweeps, version changes) stays the cache service's.
 *
 * <p>A read that fails or outlives its deadline is {@link Status#UNAVAILABLE}: an exact-only request goes on as a miss
 * (asking the cache service would only read the same Redis again, and under overload it doubled the work), any other
 * asks the cache service, exact tier included. Records the lookup's {@code retrieve} cost event when it answers the
 * lookup alone (a hit; a miss with the semantic tier off).
 */
@ApplicationScoped
public class ExactTier {
    private static final Logger LOG = Logger.getLogger(ExactTier.class);
    static final String SERVICE = "gateway";
    /** KEYS[1] the exact pointer; ARGV[1] the tenant's entry-key prefix; ARGV[2..] the fields to read. */
    static final RedisScript SCRIPT = new RedisScript("local id = redis.call('GET', KEYS[1]) "
            + "if not id then return false end "
            + "return redis.call('HMGET', ARGV[1] .. id, unpack(ARGV, 2))");
    /** The script's arguments after it: one key (slot 1, the pointer), the entry prefix (slot 2), the fields. */
    private static final String[] ARGS = argsTemplate();

    public enum Status {
        /** Off, or the request may not be cached: the cache service decides, as before. */
        NOT_APPLICABLE,
        HIT,
        MISS,
        /** Redis failed or was too slow: a miss for an exact-only request, else the cache service is asked. */
        UNAVAILABLE
    }

    /**
     * What the read found. {@code key} and {@code prompt}: the request's exact key and normalised form, kept for the
     * store after a miss (null when not applicable).
     */
    public record Read(Status status, Completion completion, String key, Prompt prompt) {
        public boolean hit() {
            return status == Status.HIT;
        }

        /** The gateway may write this request's entry itself: the tier is on and the request cacheable. */
        public boolean writable() {
            return key != null;
        }

        static final Read NOT_APPLICABLE = new Read(Status.NOT_APPLICABLE, null, null, null);
    }

    private static final Uni<Read> NOT_APPLICABLE = Uni.createFrom().item(Read.NOT_APPLICABLE);

    private final ReactiveRedisDataSource redis;
    private final LedgerAppender ledger;
    private final boolean enabled;
    private final String prefix;
    private final Map<String, String> versions;
    private final Duration timeout;
    private final Duration ttl;
    private final Duration storeTimeout;
    private final EntryWriter writer;
    private final Counter hits;
    private final Counter misses;
    private final Counter failures;
    private final Counter stored;
    private final Counter storeFailures;

    public ExactTier(ReactiveRedisDataSource redis, LedgerAppender ledger, GatewayConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.ledger = ledger;
        GatewayConfig.ExactTier c = config.cache().exactTier();
        this.enabled = c.enabled();
        this.prefix = c.keyPrefix();
        this.versions = Map.copyOf(c.modelVersion());
        this.timeout = c.timeout();
        this.ttl = c.ttl();
        this.storeTimeout = config.cache().storeTimeout();
        this.writer = new EntryWriter(prefix);
        this.stored = stores(registry, "stored");
        this.storeFailures = stores(registry, "error");
        this.hits = reads(registry, "hit");
        this.misses = reads(registry, "miss");
        this.failures = reads(registry, "error");
    }

    private static Counter reads(MeterRegistry registry, String result) {
        return Counter.builder("tollgate.gateway.exact.tier.reads")
                .description("Reads of the exact tier by the gateway itself, by result (error: a miss, or the cache service asked)")
                .tag("result", result).register(registry);
    }

    private static Counter stores(MeterRegistry registry, String result) {
        return Counter.builder("tollgate.gateway.exact.tier.stores")
                .description("Entries of exact-only requests written by the gateway itself, by result; error is dropped")
                .tag("result", result).register(registry);
    }

    /**
     * Reads the exact tier without blocking (the caller may be an event loop). Never fails: a Redis error or a reply
     * later than the deadline is {@link Status#UNAVAILABLE}. A hit's cost event is {@link #recordHit}'s, once the
     * answer is on its way.
     */
    public Uni<Read> read(CallContext ctx, ChatRequest request) {
        if (!enabled) {
            return NOT_APPLICABLE;
        }
        Prompt prompt = Prompts.fromProto(request);
        if (Cacheability.uncacheable(prompt.params()) != null || prompt.messages().isEmpty()) {
            return NOT_APPLICABLE;
        }
        String tenant = ctx.caller().tenant();
        String model = prompt.params().model();
        String key = CacheKeys.exactKey(tenant, versions.getOrDefault(model, ""), prompt);
        return eval(CacheLayout.exactPointer(prefix, tenant, key), CacheLayout.entryPrefix(prefix, tenant))
                .map(reply -> {
                    Completion hit = entry(reply, tenant, System.currentTimeMillis());
                    if (hit == null) {
                        misses.increment();
                        return new Read(Status.MISS, null, key, prompt);
                    }
                    hits.increment();
                    return new Read(Status.HIT, hit, key, prompt);
                })
                .onFailure().recoverWithItem(e -> {
                    failures.increment();
                    LOG.debugf("exact tier read failed (%s)", e.toString());
                    return new Read(Status.UNAVAILABLE, null, key, prompt);
                });
    }

    /**
     * Writes the answer of an exact-only request as its entry, without the hop to the cache service (which would only
     * run the same script: the entry has no vector, so no index or replica needs it). Fire and forget: returns at once,
     * never throws; a failed write is counted and dropped, as a failed store through the cache service is.
     */
    public void store(CallContext ctx, Read read, Completion completion, List<String> tags) {
        Prompt prompt = read.prompt();
        String model = prompt.params().model();
        long now = System.currentTimeMillis();
        EntryWriter.Head head = new EntryWriter.Head(Ids.newId(), ctx.caller().tenant(), read.key(), model, "",
                versions.getOrDefault(model, ""), "", CacheKeys.semanticText(prompt), tags == null ? List.of() : tags,
                now, now + ttl.toMillis());
        Usage u = completion.usage();
        EntryWriter.Answer answer = new EntryWriter.Answer(completion.id(), completion.model(), completion.content(),
                completion.finishReason(), u.inputTokens(), u.outputTokens(), u.cachedTokens(),
                completion.createdUnixSeconds(), completion.provider());
        writer.put(redis::execute, storeTimeout, head, EntryWriter.fields(head, answer, "", 0f)).subscribe().with(
                done -> stored.increment(),
                failure -> {
                    storeFailures.increment();
                    LOG.debugf("exact tier store dropped: %s", failure.toString());
                });
    }

    /** The lookup's cost event for a hit served from here (what it saved against the caller's baseline model). */
    public void recordHit(CallContext ctx, Completion hit) {
        ledger.record(RetrieveEvents.hit(event(ctx, Outcome.OUTCOME_EXACT_HIT, "exact"), ctx.caller().baselineModel(),
                hit.usage().inputTokens(), hit.usage().outputTokens(), 1f).build());
    }

    /** The lookup's cost event when the miss here was the whole lookup (the semantic tier is off for this request). */
    public void recordMiss(CallContext ctx) {
        ledger.record(event(ctx, Outcome.OUTCOME_MISS, "none").build());
    }

    private CostEvent.Builder event(CallContext ctx, Outcome outcome, String tier) {
        return RetrieveEvents.lookup(ctx.requestId(), ctx.caller().tenant(), ctx.caller().team(), ctx.caller().keyId(),
                SERVICE, outcome, tier);
    }

    private Uni<Response> eval(String pointer, String entryPrefix) {
        String[] args = ARGS.clone();
        args[1] = pointer;
        args[2] = entryPrefix;
        return SCRIPT.runAsync(redis::execute, timeout, args);
    }

    private static String[] argsTemplate() {
        String[] args = new String[3 + CacheLayout.EXACT_HIT_FIELDS.size()];
        args[0] = "1";
        for (int i = 0; i < CacheLayout.EXACT_HIT_FIELDS.size(); i++) {
            args[3 + i] = CacheLayout.EXACT_HIT_FIELDS.get(i);
        }
        return args;
    }

    /**
     * The answer in a script reply ({@link CacheLayout#EXACT_HIT_FIELDS}, in order), or null: no pointer, an entry
     * gone or half written, another tenant's entry, or one past its expiry (Redis evicts expired keys lazily).
     */
    static Completion entry(Response reply, String tenant, long nowMillis) {
        if (reply == null || reply.size() < CacheLayout.EXACT_HIT_FIELDS.size()) {
            return null;
        }
        String[] f = new String[CacheLayout.EXACT_HIT_FIELDS.size()];
        for (int i = 0; i < f.length; i++) {
            Response field = reply.get(i);
            if (field == null) {
                return null;
            }
            f[i] = field.toString();
        }
        return entry(f, tenant, nowMillis);
    }

    /** The same, on the fields as strings. */
    static Completion entry(String[] f, String tenant, long nowMillis) {
        try {
            if (!tenant.equals(f[0]) || Long.parseLong(f[1]) <= nowMillis) {
                return null;
            }
            long created = Long.parseLong(f[9]);
            // as for a hit from the cache service: OpenAI clients read "created" as a date
            return new Completion(f[2], f[3], f[4], f[5],
                    new Usage(Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])),
                    created > 0 ? created : nowMillis / 1000, f[10]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
