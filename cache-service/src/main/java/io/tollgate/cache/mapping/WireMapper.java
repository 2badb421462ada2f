package io.tollgate.cache.mapping;

import java.util.List;

import io.tollgate.cache.service.CacheContext;
import io.tollgate.cache.service.Completion;
import io.tollgate.cache.service.LookupResult;
import io.tollgate.cache.service.Policy;
import io.tollgate.cache.service.StoreResult;
import io.tollgate.common.cache.Prompt;
import io.tollgate.common.cache.Prompts;
import io.tollgate.contracts.cache.v1.CachePolicy;
import io.tollgate.contracts.cache.v1.LookupResponse;
import io.tollgate.contracts.cache.v1.StoreResponse;
import io.tollgate.contracts.cache.v1.Tier;
import io.tollgate.contracts.common.v1.ChatCompletion;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.common.v1.Usage;

/** Protobuf <-> domain records. Optional proto fields become {@code null} when absent. */
public final class WireMapper {
    private WireMapper() {
    }

    public static CacheContext context(RequestContext c) {
        return new CacheContext(c.getRequestId(), c.getTenant(), c.getTeam(), c.getApiKeyId(), c.getBaselineModel());
    }

    public static Prompt prompt(ChatRequest r) {
        return Prompts.fromProto(r);
    }

    public static Policy policy(CachePolicy p) {
        return new Policy(p.getSemanticEnabled(), p.hasSimilarityThreshold() ? p.getSimilarityThreshold() : null,
                p.getNoStore(), p.getTtlSeconds(), List.copyOf(p.getTagsList()));
    }

    public static Completion completion(ChatCompletion c) {
        return new Completion(c.getId(), c.getModel(), c.getContent(), c.getFinishReason(), c.getUsage().getInputTokens(),
                c.getUsage().getOutputTokens(), c.getUsage().getCachedTokens(), c.getCreatedUnixSeconds(), c.getProvider());
    }

    public static ChatCompletion completion(Completion c) {
        return ChatCompletion.newBuilder().setId(c.id()).setModel(c.model()).setContent(c.content())
                .setFinishReason(c.finishReason()).setCreatedUnixSeconds(c.createdUnixSeconds()).setProvider(c.provider())
                .setUsage(Usage.newBuilder().setInputTokens(c.inputTokens()).setOutputTokens(c.outputTokens()).setCachedTokens(c.cachedTokens()))
                .build();
    }

    public static LookupResponse lookup(LookupResult r) {
        LookupResponse.Builder b = LookupResponse.newBuilder().setHit(r.hit()).setSimilarity(r.similarity())
                .setEntryId(r.entryId()).setRefusedReason(r.refusedReason())
                .setTier(switch (r.tier()) {
                    case EXACT -> Tier.TIER_EXACT;
                    case SEMANTIC -> Tier.TIER_SEMANTIC;
                    case NONE -> Tier.TIER_NONE;
                });
        if (r.completion() != null) {
            b.setCompletion(completion(r.completion()));
        }
        return b.build();
    }

    public static StoreResponse store(StoreResult r) {
        return StoreResponse.newBuilder().setStored(r.stored()).setEntryId(r.entryId()).setReason(r.reason()).build();
    }
}
