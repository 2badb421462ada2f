package io.tollgate.gateway.mapping;


import io.tollgate.contracts.cache.v1.CachePolicy;
import io.tollgate.contracts.common.v1.ChatCompletion;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.RouteDecision;
import io.tollgate.gateway.service.CacheDirectives;
import io.tollgate.gateway.service.CallContext;
import io.tollgate.gateway.service.ChatMessage;
import io.tollgate.gateway.service.ChatParams;
import io.tollgate.gateway.service.ChatRequest;
import io.tollgate.gateway.service.Chunk;
import io.tollgate.gateway.service.Completion;
import io.tollgate.gateway.service.Route;
import io.tollgate.gateway.service.Usage;

/** Domain records to and from the protobuf contracts. Pure functions; the only place that knows both shapes. */
public final class ProtoMapper {
    private ProtoMapper() {
    }

    public static RequestContext context(CallContext ctx) {
        RequestContext.Builder b = RequestContext.newBuilder()
                .setRequestId(ctx.requestId())
                .setTenant(ctx.caller().tenant())
                .setTeam(ctx.caller().team())
                .setApiKeyId(ctx.caller().keyId())
                .setBaselineModel(ctx.caller().baselineModel());
        if (!Double.isNaN(ctx.budgetRemaining())) {
            b.setBudgetRemaining(ctx.budgetRemaining());
        }
        return b.build();
    }

    public static io.tollgate.contracts.common.v1.ChatRequest chatRequest(ChatRequest request) {
        var builder = io.tollgate.contracts.common.v1.ChatRequest.newBuilder();
        for (ChatMessage m : request.messages()) {
            builder.addMessages(io.tollgate.contracts.common.v1.ChatMessage.newBuilder()
                    .setRole(m.role()).setContent(m.content()).setName(m.name()));
        }
        return builder.setParams(params(request.params())).build();
    }

    static io.tollgate.contracts.common.v1.ChatParams params(ChatParams p) {
        var b = io.tollgate.contracts.common.v1.ChatParams.newBuilder()
                .setModel(p.model())
                .addAllStop(p.stop())
                .setHasTools(p.hasTools())
                .setResponseFormat(p.responseFormat());
        if (p.temperature() != null) b.setTemperature(p.temperature());
        if (p.topP() != null) b.setTopP(p.topP());
        if (p.maxTokens() != null) b.setMaxTokens(p.maxTokens());
        if (p.seed() != null) b.setSeed(p.seed());
        if (p.presencePenalty() != null) b.setPresencePenalty(p.presencePenalty());
        if (p.frequencyPenalty() != null) b.setFrequencyPenalty(p.frequencyPenalty());
        return b.build();
    }

    public static CachePolicy cachePolicy(CacheDirectives d) {
        var b = CachePolicy.newBuilder().setSemanticEnabled(d.semantic()).setNoStore(!d.store());
        if (d.similarityThreshold() != null) b.setSimilarityThreshold(d.similarityThreshold());
        b.addAllTags(d.tags());
        return b.build();
    }

    public static ChatCompletion completion(Completion c) {
        return ChatCompletion.newBuilder()
                .setId(c.id()).setModel(c.model()).setContent(c.content()).setFinishReason(c.finishReason())
                .setUsage(usage(c.usage())).setCreatedUnixSeconds(c.createdUnixSeconds()).setProvider(c.provider())
                .build();
    }

    /** A completion without a creation time (0) is stamped now: OpenAI clients read {@code created} as a date. */
    public static Completion completion(ChatCompletion c) {
        long created = c.getCreatedUnixSeconds() > 0 ? c.getCreatedUnixSeconds() : System.currentTimeMillis() / 1000;
        return new Completion(c.getId(), c.getModel(), c.getContent(), c.getFinishReason(), usage(c.getUsage()),
                created, c.getProvider());
    }

    public static Usage usage(io.tollgate.contracts.common.v1.Usage u) {
        return new Usage(u.getInputTokens(), u.getOutputTokens(), u.getCachedTokens());
    }

    static io.tollgate.contracts.common.v1.Usage usage(Usage u) {
        return io.tollgate.contracts.common.v1.Usage.newBuilder()
                .setInputTokens(u.inputTokens()).setOutputTokens(u.outputTokens()).setCachedTokens(u.cachedTokens())
                .build();
    }

    public static Route route(RouteDecision r) {
        return new Route(r.getModel(), r.getProvider(), r.getReason(), outcome(r.getOutcome()));
    }

    public static Chunk chunk(CompleteChunk c) {
        return new Chunk(c.getDelta(),
                c.hasRoute() ? route(c.getRoute()) : null,
                c.getFinishReason().isEmpty() ? null : c.getFinishReason(),
                c.hasUsage() ? usage(c.getUsage()) : null,
                c.getCompletionId());
    }

    static String outcome(Outcome o) {
        return switch (o) {
            case OUTCOME_ESCALATED -> "escalated";
            case OUTCOME_FALLBACK -> "fallback";
            default -> "routed";
        };
    }

}
