package io.tollgate.replay.service;

import java.util.Optional;

/** A failure the provider can be asked to show. */
public enum Fault {
    /** 429 {@code rate_limit_exceeded} with {@code retry-after}. */
    RATE_LIMIT("429"),
    /** 500 {@code server_error}. */
    SERVER_ERROR("500"),
    /** Holds the request for {@code timeout-fault-hold-ms}, then answers 504 (clients time out first). */
    TIMEOUT("timeout"),
    /** Sends about half of the answer, then closes the connection without finishing the body or stream. */
    STREAM_BREAK("stream-break");

    private final String wireName;

    Fault(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Fault> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        for (Fault f : values()) {
            if (f.wireName.equals(v)) {
                return Optional.of(f);
            }
        }
        return switch (v) {
            case "rate-limit", "rate_limit" -> Optional.of(RATE_LIMIT);
            case "server-error", "server_error", "503", "502" -> Optional.of(SERVER_ERROR);
            case "stream_break", "break" -> Optional.of(STREAM_BREAK);
            default -> Optional.empty();
        };
    }
}
