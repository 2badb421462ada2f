package io.tollgate.ledger.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.money.Money;
import io.tollgate.ledger.mapping.EventMapper;
import io.tollgate.ledger.service.AccessPolicy;
import io.tollgate.ledger.service.LedgerRow;
import io.tollgate.ledger.service.LedgerService;
import io.tollgate.ledger.service.RequestCosts;

@Path("/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "requests")
public class RequestCostsResource {
    private final LedgerService ledger;
    private final AccessPolicy access;

    RequestCostsResource(LedgerService ledger, AccessPolicy access) {
        this.ledger = ledger;
        this.access = access;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @RegisterForReflection
    public record StageJson(String stage, String model, String service, String provider, String outcome,
            String event_id, String cost_usd, String baseline_cost_usd, boolean priced, String batching_saved_usd) {
    }

    @RegisterForReflection
    public record RequestCostsJson(String request_id, String tenant, List<StageJson> stages, String total_cost_usd,
            String total_baseline_cost_usd, boolean fully_priced) {
    }

    @GET
    @Path("/{id}/costs")
    @Operation(summary = "Per-stage costs of one request", description = "Unpriced stages have priced=false and "
            + "cost_usd=null; totals add up the priced stages. batching_saved_usd is what the stage's compute would have "
            + "cost more unbatched. Amounts are exact USD decimals (9 places).")
    public RequestCostsJson costs(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        AccessPolicy.Caller caller = access.authenticate(authorization, false);
        if (!EventMapper.isId(id)) {
            throw TollgateException.invalid("id", "request id must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        RequestCosts costs = ledger.requestCosts(id);
        access.checkTenant(caller, costs.tenant());
        return new RequestCostsJson(costs.requestId(), costs.tenant(),
                costs.stages().stream().map(RequestCostsResource::stage).toList(),
                usd(costs.totalCostNanos()), usd(costs.totalBaselineCostNanos()), costs.fullyPriced());
    }

    private static StageJson stage(LedgerRow r) {
        return new StageJson(r.event().stage().wire(), r.event().model(), r.event().service(), r.event().provider(),
                r.event().outcome(), r.event().eventId(), r.priced() ? usd(r.costNanos()) : null,
                r.baselinePriced() ? usd(r.baselineCostNanos()) : null, r.priced(), usd(r.batchingSavedNanos()));
    }

    /** Exact USD with 9 decimals as a string: JSON numbers lose exactness in many clients. */
    static String usd(long nanos) {
        return Money.toUsd(nanos).toPlainString();
    }
}
