package io.tollgate.ledger.api;

import java.math.BigDecimal;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.tollgate.common.error.TollgateException;
import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;
import io.tollgate.ledger.service.AccessPolicy;
import io.tollgate.ledger.service.PriceService;

@Path("/v1/prices")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "prices")
public class PriceResource {
    private static final BigDecimal NANOS_PER_USD = BigDecimal.valueOf(1_000_000_000L);

    private final PriceService prices;
    private final AccessPolicy access;

    PriceResource(PriceService prices, AccessPolicy access) {
        this.prices = prices;
        this.access = access;
    }

    @RegisterForReflection
    public record PriceJson(String model, String provider, String effective_from, String input_usd_per_mtok,
            String output_usd_per_mtok, String cached_input_usd_per_mtok, String instance_usd_per_hour,
            String usd_per_lookup, String source) {
    }

    @RegisterForReflection
    public record CatalogueJson(String version, List<PriceJson> models) {
    }

    @RegisterForReflection
    public record AddedJson(PriceJson price, int repriced_events) {
    }

    @GET
    @Operation(summary = "Every price entry in force or scheduled (the shipped catalogue plus API additions)")
    public CatalogueJson list(@HeaderParam("Authorization") String authorization) {
        access.authenticate(authorization, false);
        PriceCatalogue c = prices.catalogue();
        return new CatalogueJson(c.version(), c.all().stream().map(PriceResource::json).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or change a model's price (finance key)", description = "Body: one catalogue entry, "
            + "e.g. {\"model\":\"m\",\"effective_from\":\"2024-01-01\",\"input_usd_per_mtok\":\"0.5\","
            + "\"output_usd_per_mtok\":\"1.5\"}. USD amounts are decimal strings. Takes effect at once, without restart; "
            + "events stored unpriced for this model are repriced.")
    public AddedJson add(JsonNode body, @HeaderParam("Authorization") String authorization) {
        access.authenticate(authorization, true);
        if (body == null || !body.isObject()) {
            throw TollgateException.invalid("body", "send one price entry as a JSON object");
        }
        if (body.path("model").asText("").isBlank()) {
            throw TollgateException.invalid("model", "model is required");
        }
        if (!body.hasNonNull("effective_from")) {
            throw TollgateException.invalid("effective_from", "effective_from (yyyy-MM-dd, UTC) is required");
        }
        ModelPrice price;
        try {
            price = PriceCatalogue.fromJson(body);
        } catch (IllegalArgumentException e) {
            throw TollgateException.invalid(fieldOf(e.getMessage()), e.getMessage());
        }
        int repriced = prices.addPrice(price, body.toString());
        return new AddedJson(json(price), repriced);
    }

    /** The JSON field a catalogue parse error names, for OpenAI's {@code param}. */
    private static String fieldOf(String message) {
        for (String f : List.of("effective_from", "input_usd_per_mtok", "output_usd_per_mtok",
                "cached_input_usd_per_mtok", "instance_usd_per_hour", "usd_per_lookup")) {
            if (message != null && message.startsWith(f)) {
                return f;
            }
        }
        return "body";
    }

    static PriceJson json(ModelPrice p) {
        return new PriceJson(p.model(), p.provider(), p.effectiveFrom().toString(), usd(p.inputNanosPerMTok()),
                usd(p.outputNanosPerMTok()), usd(p.cachedInputNanosPerMTok()), usd(p.instanceNanosPerHour()),
                usd(p.nanosPerLookup()), p.source());
    }

    private static String usd(BigDecimal nanos) {
        return nanos == null ? null : nanos.divide(NANOS_PER_USD).stripTrailingZeros().toPlainString();
    }
}
