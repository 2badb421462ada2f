package io.tollgate.router.mapping;

import io.tollgate.contracts.common.v1.ChatCompletion;
import io.tollgate.contracts.common.v1.ChatParams;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.common.v1.Usage;
import io.tollgate.contracts.router.v1.CatalogModel;
import io.tollgate.contracts.router.v1.CompleteRequest;
import io.tollgate.contracts.router.v1.RouteDecision;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.service.Answer;
import io.tollgate.router.service.Caller;
import io.tollgate.router.service.ChatCall;
import io.tollgate.router.service.Routed;
import io.tollgate.router.service.Turn;

/** Protobuf wire types to the router's domain records and back; nothing else. */
public final class ProtoMapper {
    private ProtoMapper() {
    }

    public static Caller caller(RequestContext c) {
        return new Caller(c.getRequestId(), c.getTenant(), c.getTeam(), c.getApiKeyId(), c.getBaselineModel(),
                c.hasBudgetRemaining() ? c.getBudgetRemaining() : Double.NaN);
    }

    public static ChatCall call(CompleteRequest r) {
        ChatParams p = r.getRequest().getParams();
        return new ChatCall(
                r.getRequest().getMessagesList().stream().map(m -> new Turn(m.getRole(), m.getContent())).toList(),
                p.getModel(),
                p.hasTemperature() ? p.getTemperature() : null,
                p.hasTopP() ? p.getTopP() : null,
                p.hasMaxTokens() ? p.getMaxTokens() : null,
                p.getStopList(),
                p.hasPresencePenalty() ? p.getPresencePenalty() : null,
                p.hasFrequencyPenalty() ? p.getFrequencyPenalty() : null,
                p.getResponseFormat());
    }

    public static Double qualityTarget(CompleteRequest r) {
        return r.hasQualityTarget() ? (double) r.getQualityTarget() : null;
    }

    public static RouteDecision decision(Routed r) {
        return RouteDecision.newBuilder()
                .setModel(r.model().id())
                .setProvider(r.model().provider().name())
                .setReason(r.route().reason())
                .setIntent(r.route().intent())
                .setDifficulty((float) r.route().difficulty())
                .setOutcome(r.outcome())
                .addAllAttempted(r.attempted())
                .build();
    }

    public static ChatCompletion completion(Answer a) {
        return ChatCompletion.newBuilder()
                .setId(a.id())
                .setModel(a.model())
                .setContent(a.content())
                .setFinishReason(a.finishReason())
                .setUsage(usage(a.inputTokens(), a.outputTokens()))
                .setCreatedUnixSeconds(a.createdUnixSeconds())
                .setProvider(a.provider())
                .build();
    }

    public static Usage usage(long input, long output) {
        return Usage.newBuilder().setInputTokens(input).setOutputTokens(output).build();
    }

    public static CatalogModel model(CatalogueEntry m) {
        return CatalogModel.newBuilder().setId(m.id()).setProvider(m.provider().name()).setKind(m.kind())
                .setContextWindow(m.contextWindow()).setOwnedBy(m.ownedBy()).build();
    }
}
