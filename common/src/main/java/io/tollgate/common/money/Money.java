package io.tollgate.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in Tollgate is an integer count of nano-USD (1 USD = 1,000,000,000 nanos) from the price lookup to the API
 * output. Integer micro-dollars are too coarse: one embedding of a short sentence costs well under a micro-dollar.
 * {@code long} nanos hold totals up to about 9.2 billion USD.
 */
public final class Money {
    public static final long NANOS_PER_USD = 1_000_000_000L;
    /** Scale of USD amounts in API output: nano precision, exact. */
    public static final int USD_SCALE = 9;

    private Money() {
    }

    /** nanos as an exact USD decimal with scale 9, e.g. 1500 -> 0.000001500. */
    public static BigDecimal toUsd(long nanos) {
        return BigDecimal.valueOf(nanos, USD_SCALE);
    }

    /** An exact USD amount to nanos; more than 9 decimals is an error, not a silent rounding. */
    public static long fromUsd(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("negative amount: " + usd.toPlainString());
        }
        return usd.setScale(USD_SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    }

    /**
     * Cost of {@code units} at {@code nanosPerMillionUnits} (token prices are quoted per million tokens),
     * rounded half-even to the nano: the only rounding step in the ledger.
     */
    public static long perMillion(long units, BigDecimal nanosPerMillionUnits) {
        if (units < 0) {
            throw new IllegalArgumentException("negative units: " + units);
        }
        return nanosPerMillionUnits.multiply(BigDecimal.valueOf(units))
                .divide(BigDecimal.valueOf(1_000_000L), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    public static String formatUsd(long nanos) {
        return "$" + toUsd(nanos).toPlainString();
    }
}
