package io.tollgate.ledger.api;

import static io.tollgate.ledger.api.RequestCostsResource.usd;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.service.AccessPolicy;
import io.tollgate.ledger.service.FinanceService;
import io.tollgate.ledger.store.FinanceStore;
import io.tollgate.ledger.store.FinanceStore.SpendRow;

/** Finance reads. A tenant key sees only its tenant; a finance key sees all, or one with {@code tenant=}. */
@Path("/v1/finance")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "finance")
public class FinanceResource {
    private static final List<String> ALL_DIMENSIONS = List.of("tenant", "team", "api_key_id", "model", "provider",
            "stage", "outcome");

    private final FinanceService finance;
    private final AccessPolicy access;

    FinanceResource(FinanceService finance, AccessPolicy access) {
        this.finance = finance;
        this.access = access;
    }

    @RegisterForReflection
    public record SpendJson(String bucket, Map<String, String> group, long events, long unpriced_events,
            String cost_usd, String baseline_cost_usd, String savings_usd) {
        static SpendJson of(SpendRow r) {
            return new SpendJson(r.bucket() == null ? null : r.bucket().toString(), r.dims(), r.events(),
                    r.unpricedEvents(), usd(r.costNanos()), usd(r.baselineCostNanos()),
                    usd(r.baselineCostNanos() - r.costNanos()));
        }
    }

    @RegisterForReflection
    /** {@code unattributed_usd}: savings - the levers (the embed and lookup cost of misses, so usually negative). */
    public record SavingsJson(String from, String to, String cost_usd, String baseline_cost_usd, String savings_usd,
            Map<String, String> savings_by_lever_usd, String unattributed_usd) {
    }

    @RegisterForReflection
    public record RequestJson(String request_id, String tenant, String cost_usd, String baseline_cost_usd) {
    }

    @GET
    @Path("/spend")
    @Operation(summary = "Spend over a range, grouped by any of tenant, team, api_key_id, model, provider, stage, "
            + "outcome, optionally bucketed by hour, day or month (UTC)")
    public List<SpendJson> spend(@HeaderParam("Authorization") String authorization,
            @Parameter(description = "ISO-8601 instant; default 30 days before to") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive; default now") @QueryParam("to") String to,
            @Parameter(description = "comma-separated dimensions") @QueryParam("group_by") String groupBy,
            @Parameter(description = "hour, day or month") @QueryParam("bucket") String bucket,
            @Parameter(description = "finance keys: limit to one tenant") @QueryParam("tenant") String tenant) {
        Optional<String> scope = scope(authorization, tenant);
        List<String> groups = groupBy == null || groupBy.isBlank() ? List.of()
                : Arrays.stream(groupBy.split(",")).map(String::strip).toList();
        return finance.spend(FinanceService.range(opt(from), opt(to)), scope, groups, opt(bucket)).stream()
                .map(SpendJson::of).toList();
    }

    @GET
    @Path("/savings")
    @Operation(summary = "Savings against the baseline (the tenant's premium model), split by lever")
    public SavingsJson savings(@HeaderParam("Authorization") String authorization, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("tenant") String tenant) {
        Optional<String> scope = scope(authorization, tenant);
        FinanceService.Range range = FinanceService.range(opt(from), opt(to));
        FinanceService.Savings s = finance.savings(range, scope);
        return new SavingsJson(range.from().toString(), range.to().toString(), usd(s.costNanos()),
                usd(s.baselineCostNanos()), usd(s.baselineCostNanos() - s.costNanos()),
                levers(s), usd(s.overheadNanos()));
    }

    private static Map<String, String> levers(FinanceService.Savings s) {
        Map<String, String> levers = new java.util.LinkedHashMap<>();
        levers.put("cache", usd(s.cacheNanos()));
        levers.put("routing", usd(s.routingNanos()));
        levers.put("batching", usd(s.batchingNanos()));
        return levers;
    }

    @GET
    @Path("/top")
    @Operation(summary = "Top-N by cost: by=request, or any dimension (team, model, tenant, ...)")
    public Response top(@HeaderParam("Authorization") String authorization, @QueryParam("by") @DefaultValue("model") String by,
            @QueryParam("n") @DefaultValue("10") int n, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("tenant") String tenant) {
        Optional<String> scope = scope(authorization, tenant);
        FinanceService.Range range = FinanceService.range(opt(from), opt(to));
        if (by.equals("request")) {
            return Response.ok(finance.topRequests(range, scope, n).stream()
                    .map(r -> new RequestJson(r.requestId(), r.tenant(), usd(r.costNanos()), usd(r.baselineCostNanos())))
                    .toList()).build();
        }
        return Response.ok(finance.top(range, scope, by, n).stream().map(SpendJson::of).toList()).build();
    }

    @GET
    @Path("/export")
    @Produces("text/csv")
    @Operation(summary = "Streaming CSV of hourly spend rows; format=focus gives FinOps FOCUS columns")
    public Response export(@HeaderParam("Authorization") String authorization, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("tenant") String tenant,
            @QueryParam("format") @DefaultValue("csv") String format) {
        Optional<String> scope = scope(authorization, tenant);
        if (!format.equals("csv") && !format.equals("focus")) {
            throw TollgateException.invalid("format", "format must be csv or focus");
        }
        List<SpendRow> rows = finance.spend(FinanceService.range(opt(from), opt(to)), scope, ALL_DIMENSIONS,
                Optional.of("hour"));
        boolean focus = format.equals("focus");
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(focus ? CsvRows.FOCUS_HEADER : CsvRows.CSV_HEADER);
            w.write('\n');
            for (SpendRow r : rows) {
                w.write(focus ? CsvRows.focus(r, r.bucket().plus(1, ChronoUnit.HOURS)) : CsvRows.csv(r));
                w.write('\n');
            }
            w.flush();
        };
        return Response.ok(body, "text/csv")
                .header("Content-Disposition", "attachment; filename=\"tollgate-" + format + ".csv\"").build();
    }

    private Optional<String> scope(String authorization, String tenant) {
        AccessPolicy.Caller caller = access.authenticate(authorization, false);
        Optional<String> requested = opt(tenant);
        requested.ifPresent(t -> access.checkTenant(caller, t));
        return caller.scope(requested);
    }

    private static Optional<String> opt(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    static final class CsvRows {
        static final String CSV_HEADER = "hour," + String.join(",", ALL_DIMENSIONS)
                + ",events,unpriced_events,cost_usd,baseline_cost_usd";
        /** FinOps FOCUS 1.0 column names; list = baseline-free billed cost (no discounts at this layer). */
        static final String FOCUS_HEADER = "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,BilledCost,EffectiveCost,"
                + "ListCost,BillingCurrency,ProviderName,ServiceName,ResourceId,SubAccountId,ConsumedQuantity,"
                + "ConsumedUnit,Tags";

        static String csv(SpendRow r) {
            StringBuilder b = new StringBuilder(r.bucket().toString());
            for (String d : ALL_DIMENSIONS) {
                b.append(',').append(cell(r.dims().get(d)));
            }
            return b.append(',').append(r.events()).append(',').append(r.unpricedEvents()).append(',')
                    .append(usd(r.costNanos())).append(',').append(usd(r.baselineCostNanos())).toString();
        }

        static String focus(SpendRow r, java.time.Instant end) {
            Map<String, String> d = r.dims();
            String tags = "{\"team\":\"" + json(d.get("team")) + "\",\"api_key_id\":\"" + json(d.get("api_key_id"))
                    + "\",\"stage\":\"" + json(d.get("stage")) + "\",\"outcome\":\"" + json(d.get("outcome")) + "\"}";
            return String.join(",", r.bucket().toString(), end.toString(), "Usage", usd(r.costNanos()),
                    usd(r.costNanos()), usd(r.costNanos()), "USD", cell(d.get("provider")), "Tollgate LLM gateway",
                    cell(d.get("model")), cell(d.get("tenant")), Long.toString(r.events()), "Requests", cell(tags));
        }

        private static String json(String v) {
            return v.replace("\\", "\\\\").replace("\"", "\\\"");
        }

        /** RFC 4180 quoting. */
        static String cell(String v) {
            if (v == null) {
                return "";
            }
            return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
        }
    }
}
