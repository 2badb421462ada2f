package io.tollgate.ledger.service;

/** The hop stage an event accounts for; stored and shown by its lower-case name. */
public enum Stage {
    EMBED, RETRIEVE, GENERATE, CLASSIFY, RERANK,
    /** A call made only to check another answer (a cascade's second opinion, a shadow call): it has no baseline. */
    VERIFY;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Stage fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
