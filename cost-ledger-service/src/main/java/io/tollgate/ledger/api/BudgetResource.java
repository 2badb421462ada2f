package io.tollgate.ledger.api;

import static io.tollgate.ledger.api.RequestCostsResource.usd;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.ledger.service.AccessPolicy;
import io.tollgate.ledger.service.Budget;
import io.tollgate.ledger.service.BudgetAlert;
import io.tollgate.ledger.service.BudgetService;

/** Budgets: finance keys create and change them; a tenant key reads its own tenant's. */
@Path("/v1/budgets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "budgets")
public class BudgetResource {
    private final BudgetService budgets;
    private final AccessPolicy access;

    BudgetResource(BudgetService budgets, AccessPolicy access) {
        this.budgets = budgets;
        this.access = access;
    }

    @RegisterForReflection
    public record BudgetBody(String tenant, String team, String period, BigDecimal limit_usd, List<Integer> thresholds_pct,
            String webhook_url) {
        BudgetService.BudgetSpec spec() {
            return new BudgetService.BudgetSpec(tenant, team, period, limit_usd, thresholds_pct, webhook_url);
        }
    }

    @RegisterForReflection
    public record BudgetJson(String id, String tenant, String team, String period, String limit_usd,
            List<Integer> thresholds_pct, String webhook_url, String created_at, String updated_at) {
        static BudgetJson of(Budget b) {
            return new BudgetJson(b.id(), b.tenant(), b.team().isEmpty() ? null : b.team(), b.period().wire(),
                    usd(b.limitNanos()), b.thresholdsPct(), b.webhookUrl(), b.createdAt().toString(),
                    b.updatedAt().toString());
        }
    }

    @RegisterForReflection
    public record AlertJson(String period_start, int threshold_pct, String spent_usd, String limit_usd, String fired_at,
            String delivery, int attempts, String last_error) {
        static AlertJson of(BudgetAlert a) {
            return new AlertJson(a.periodStart().toString(), a.thresholdPct(), usd(a.spentNanos()), usd(a.limitNanos()),
                    a.firedAt().toString(), a.delivery(), a.attempts(), a.lastError());
        }
    }

    @RegisterForReflection
    public record StatusJson(BudgetJson budget, String period_start, String period_end, String spent_usd,
            String remaining_usd, String used_pct, String gateway_spent_usd, String gateway_reserved_usd,
            List<AlertJson> alerts) {
    }

    @RegisterForReflection
    public record CheckJson(int fired) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a budget (finance key): tenant, optional team, period day|month (UTC), limit_usd, "
            + "thresholds_pct (default 50,80,100), optional webhook_url for alerts")
    public Response create(@HeaderParam("Authorization") String authorization, BudgetBody body) {
        access.authenticate(authorization, true);
        return Response.status(201).entity(BudgetJson.of(budgets.create(body == null ? empty() : body.spec()))).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a budget's limit, thresholds or webhook (finance key); absent fields are kept")
    public BudgetJson update(@HeaderParam("Authorization") String authorization, @PathParam("id") String id,
            BudgetBody body) {
        access.authenticate(authorization, true);
        return BudgetJson.of(budgets.update(id, body == null ? empty() : body.spec()));
    }

    @GET
    @Operation(summary = "Every budget (finance) or the caller's tenant's; finance may filter with tenant=")
    public List<BudgetJson> list(@HeaderParam("Authorization") String authorization, @QueryParam("tenant") String tenant) {
        AccessPolicy.Caller caller = access.authenticate(authorization, false);
        Optional<String> requested = tenant == null || tenant.isBlank() ? Optional.empty() : Optional.of(tenant);
        requested.ifPresent(t -> access.checkTenant(caller, t));
        return budgets.list(caller.scope(requested)).stream().map(BudgetJson::of).toList();
    }

    @GET
    @Path("/{id}/status")
    @Operation(summary = "Spend of the current period against the limit (ledger), the gateway's live spent/reserved, "
            + "and the alerts fired this period")
    public StatusJson status(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        Budget b = readable(authorization, id);
        BudgetService.Status s = budgets.status(b, Instant.now());
        BigDecimal pct = BigDecimal.valueOf(s.spentNanos()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(b.limitNanos()), 2, java.math.RoundingMode.HALF_EVEN);
        return new StatusJson(BudgetJson.of(b), s.periodStart().toString(), s.periodEnd().toString(),
                usd(s.spentNanos()), usdSigned(b.limitNanos() - s.spentNanos()), pct.toPlainString(),
                s.gatewayUse().map(u -> usd(u[0])).orElse(null), s.gatewayUse().map(u -> usd(u[1])).orElse(null),
                s.alerts().stream().map(AlertJson::of).toList());
    }

    @GET
    @Path("/{id}/alerts")
    @Operation(summary = "Alert history of a budget, newest first, with webhook delivery state")
    public List<AlertJson> alerts(@HeaderParam("Authorization") String authorization, @PathParam("id") String id) {
        readable(authorization, id);
        return budgets.alerts(id).stream().map(AlertJson::of).toList();
    }

    @POST
    @Path("/check")
    @Operation(summary = "Run the threshold check now (finance key); it also runs on a schedule")
    public CheckJson check(@HeaderParam("Authorization") String authorization) {
        access.authenticate(authorization, true);
        return new CheckJson(budgets.check());
    }

    private Budget readable(String authorization, String id) {
        AccessPolicy.Caller caller = access.authenticate(authorization, false);
        Budget b = budgets.get(id);
        access.checkTenant(caller, b.tenant());
        return b;
    }

    private static BudgetService.BudgetSpec empty() {
        return new BudgetService.BudgetSpec(null, null, null, null, null, null);
    }

    private static String usdSigned(long nanos) {
        return BigDecimal.valueOf(nanos, 9).toPlainString();
    }
}
