package io.tollgate.gateway.service;

import java.util.Locale;

import io.tollgate.common.error.TollgateException;

/** How much caching a request allows: none, exact matches only, or exact then semantic. */
public enum CacheMode {
    OFF, EXACT, SEMANTIC;

    /** Parses {@code off|exact|semantic} (any case); anything else is a 400 naming {@code param}. */
    public static CacheMode parse(String value, String param) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "exact" -> EXACT;
            case "semantic" -> SEMANTIC;
            default -> throw TollgateException.invalid(param, param + " must be off, exact or semantic, got '" + value + "'");
        };
    }
}
