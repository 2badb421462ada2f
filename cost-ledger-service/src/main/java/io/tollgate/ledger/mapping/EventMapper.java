package io.tollgate.ledger.mapping;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import io.tollgate.common.error.TollgateException;
import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.StageCost;
import io.tollgate.ledger.service.LedgerRow;
import io.tollgate.ledger.service.Stage;
import io.tollgate.ledger.service.UsageEvent;

/**
 * Protobuf {@link CostEvent} to {@link UsageEvent}, rejecting an invalid event with a {@link TollgateException} that
 * names the offending proto field.
 */
public final class EventMapper {
    /**
     * Ids are UUIDs in practice; any token of 1-64 characters of {@code A-Z a-z 0-9 . _ : -} is accepted (they appear in
     * URLs). A loop, not a regex: it runs twice per event on the ingest path.
     */
    public static boolean isId(String v) {
        int n = v.length();
        if (n == 0 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
    private static final int MAX_NAME = 128;
    private static final int MAX_MODEL = 256;
    private static final int MAX_ATTRIBUTES_CHARS = 8192;

    private EventMapper() {
    }

    public static UsageEvent toDomain(CostEvent e, Instant receivedAt) {
        id("event_id", e.getEventId());
        id("request_id", e.getRequestId());
        required("tenant", e.getTenant(), MAX_NAME);
        optional("team", e.getTeam(), MAX_NAME);
        optional("api_key_id", e.getApiKeyId(), MAX_NAME);
        optional("service", e.getService(), 64);
        optional("provider", e.getProvider(), 64);
        required("model", e.getModel(), MAX_MODEL);
        optional("baseline_model", e.getBaselineModel(), MAX_MODEL);
        Stage stage = switch (e.getStage()) {
            case STAGE_EMBED -> Stage.EMBED;
            case STAGE_RETRIEVE -> Stage.RETRIEVE;
            case STAGE_GENERATE -> Stage.GENERATE;
            case STAGE_CLASSIFY -> Stage.CLASSIFY;
            case STAGE_RERANK -> Stage.RERANK;
            case STAGE_VERIFY -> Stage.VERIFY;
            default -> throw TollgateException.invalid("stage", "stage is unspecified or unknown (" + e.getStageValue() + ")");
        };
        if (e.getOutcome() == Outcome.UNRECOGNIZED) {
            throw TollgateException.invalid("outcome", "unknown outcome " + e.getOutcomeValue());
        }
        nonNegative("input_tokens", e.getInputTokens());
        nonNegative("output_tokens", e.getOutputTokens());
        nonNegative("cached_tokens", e.getCachedTokens());
        nonNegative("compute_micros", e.getComputeMicros());
        nonNegative("unbatched_compute_micros", e.getUnbatchedComputeMicros());
        nonNegative("lookups", e.getLookups());
        nonNegative("baseline_input_tokens", e.getBaselineInputTokens());
        nonNegative("baseline_output_tokens", e.getBaselineOutputTokens());
        nonNegative("time_unix_micros", e.getTimeUnixMicros());
        if (e.getCachedTokens() > e.getInputTokens()) {
            throw TollgateException.invalid("cached_tokens", "cached_tokens (" + e.getCachedTokens()
                    + ") are part of input_tokens and cannot exceed them (" + e.getInputTokens() + ")");
        }
        if (e.hasCostNanos()) {
            nonNegative("cost_nanos", e.getCostNanos());
        }
        Map<String, String> attributes = e.getAttributesMap();
        int chars = attributes.entrySet().stream().mapToInt(a -> a.getKey().length() + a.getValue().length()).sum();
        if (chars > MAX_ATTRIBUTES_CHARS) {
            throw TollgateException.invalid("attributes", "attributes exceed " + MAX_ATTRIBUTES_CHARS + " characters");
        }
        // No time: the time inside a UUIDv7 event id (the shared appender's ids), so that a retry of the same event
        // carries the same time and meets its first copy in the same time partition; else the ledger's receipt time.
        Instant time = e.getTimeUnixMicros() != 0
                ? Instant.ofEpochSecond(e.getTimeUnixMicros() / 1_000_000, (e.getTimeUnixMicros() % 1_000_000) * 1_000)
                : io.tollgate.common.id.Ids.timeOfV7(e.getEventId()).orElse(receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        return new UsageEvent(e.getEventId(), e.getRequestId(), time, e.getTenant(), e.getTeam(), e.getApiKeyId(),
                e.getService(), e.getProvider(), e.getModel(), stage, outcome(e.getOutcome()), e.getInputTokens(),
                e.getOutputTokens(), e.getCachedTokens(), e.getComputeMicros(), e.getUnbatchedComputeMicros(), e.getLookups(), e.getBaselineModel(),
                e.getBaselineInputTokens(), e.getBaselineOutputTokens(), e.hasCostNanos() ? e.getCostNanos() : null,
                Map.copyOf(attributes));
    }

    /** {@code OUTCOME_EXACT_HIT} -> {@code exact_hit}. */
    public static String outcome(Outcome o) {
        return OUTCOME_WIRE.get(o);
    }

    private static final Map<Outcome, String> OUTCOME_WIRE = new java.util.EnumMap<>(Outcome.class);

    static {
        for (Outcome o : Outcome.values()) {
            if (o != Outcome.UNRECOGNIZED) {
                OUTCOME_WIRE.put(o, o.name().substring("OUTCOME_".length()).toLowerCase(Locale.ROOT));
            }
        }
    }

    public static Outcome outcome(String wire) {
        try {
            return Outcome.valueOf("OUTCOME_" + wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Outcome.OUTCOME_UNSPECIFIED;
        }
    }

    public static io.tollgate.contracts.ledger.v1.Stage stage(Stage s) {
        return io.tollgate.contracts.ledger.v1.Stage.valueOf("STAGE_" + s.name());
    }

    public static StageCost toProto(LedgerRow r) {
        return StageCost.newBuilder()
                .setStage(stage(r.event().stage()))
                .setModel(r.event().model())
                .setService(r.event().service())
                .setCostNanos(r.priced() ? r.costNanos() : 0L)
                .setBaselineCostNanos(r.baselinePriced() ? r.baselineCostNanos() : 0L)
                .setPriced(r.priced())
                .setEventId(r.event().eventId())
                .setOutcome(outcome(r.event().outcome()))
                .build();
    }

    private static void id(String field, String v) {
        if (v.isEmpty()) {
            throw TollgateException.invalid(field, field + " is required");
        }
        if (!isId(v)) {
            throw TollgateException.invalid(field, field + " must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
    }

    private static void required(String field, String v, int max) {
        if (v.isBlank()) {
            throw TollgateException.invalid(field, field + " is required");
        }
        optional(field, v, max);
    }

    private static void optional(String field, String v, int max) {
        if (v.length() > max) {
            throw TollgateException.invalid(field, field + " is longer than " + max + " characters");
        }
    }

    private static void nonNegative(String field, long v) {
        if (v < 0) {
            throw TollgateException.invalid(field, field + " must not be negative (" + v + ")");
        }
    }
}
