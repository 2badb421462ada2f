package io.tollgate.common.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The price of one model from {@code effectiveFrom} (UTC date) on. Prices are exact nano-USD amounts per unit
 * (BigDecimal, so fractional nanos per token survive until the single rounding step). A null price means the model is
 * not sold by that unit: a chat model has no instance price, a worker model no token prices.
 *
 * <p>Token convention (OpenAI's): {@code cachedTokens} are part of {@code inputTokens}; they are charged at the cached
 * price (or the input price when the model has none) and the rest of the input at the input price.
 *
 * @param inputNanosPerMTok        nano-USD per million input tokens
 * @param outputNanosPerMTok       nano-USD per million output tokens
 * @param cachedInputNanosPerMTok  nano-USD per million cached input tokens
 * @param instanceNanosPerHour     nano-USD per instance-hour of a self-hosted worker
 * @param nanosPerLookup           nano-USD per cache lookup
 * @param source                   where the price came from (table and date)
 */
public record ModelPrice(String model, String provider, LocalDate effectiveFrom, BigDecimal inputNanosPerMTok,
        BigDecimal outputNanosPerMTok, BigDecimal cachedInputNanosPerMTok, BigDecimal instanceNanosPerHour,
        BigDecimal nanosPerLookup, String source) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000L);
    /** Micro-seconds in one hour: compute time is reported in micros, instances are priced per hour. */
    private static final BigDecimal MICROS_PER_HOUR = BigDecimal.valueOf(3_600_000_000L);

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        for (BigDecimal p : new BigDecimal[] { inputNanosPerMTok, outputNanosPerMTok, cachedInputNanosPerMTok,
                instanceNanosPerHour, nanosPerLookup }) {
            if (p != null && p.signum() < 0) {
                throw new IllegalArgumentException("negative price for model " + model);
            }
        }
        if (inputNanosPerMTok == null && outputNanosPerMTok == null && instanceNanosPerHour == null
                && nanosPerLookup == null) {
            throw new IllegalArgumentException("model " + model + " has no price at all");
        }
    }

    public boolean hasTokenPrices() {
        return inputNanosPerMTok != null && outputNanosPerMTok != null;
    }

    /** Token cost, rounded half-even to the nano once; null when the model has no token prices. */
    public Long tokenCostNanos(long inputTokens, long cachedTokens, long outputTokens) {
        if (!hasTokenPrices()) {
            return null;
        }
        long cached = Math.min(cachedTokens, inputTokens);
        BigDecimal cachedPrice = cachedInputNanosPerMTok != null ? cachedInputNanosPerMTok : inputNanosPerMTok;
        BigDecimal perMillion = inputNanosPerMTok.multiply(BigDecimal.valueOf(inputTokens - cached))
                .add(cachedPrice.multiply(BigDecimal.valueOf(cached)))
                .add(outputNanosPerMTok.multiply(BigDecimal.valueOf(outputTokens)));
        return round(perMillion.divide(MILLION));
    }

    /** Compute cost of {@code computeMicros} on one instance; null when the model has no instance price. */
    public Long computeCostNanos(long computeMicros) {
        if (instanceNanosPerHour == null) {
            return null;
        }
        return round(instanceNanosPerHour.multiply(BigDecimal.valueOf(computeMicros))
                .divide(MICROS_PER_HOUR, 12, RoundingMode.HALF_EVEN));
    }

    /** Lookup cost; null when the model has no lookup price. */
    public Long lookupCostNanos(long lookups) {
        if (nanosPerLookup == null) {
            return null;
        }
        return round(nanosPerLookup.multiply(BigDecimal.valueOf(lookups)));
    }

    private static long round(BigDecimal nanos) {
        return nanos.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
