package io.tollgate.ledger.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tollgate.ledger.*}. Environment variables override: {@code TOLLGATE_LEDGER_STORE=postgresql}. */
@ConfigMapping(prefix = "tollgate.ledger")
public interface LedgerConfig {

    enum Store {
        /** H2 file database under {@code ./data/ledger}: needs only Java. */
        EMBEDDED,
        /** The {@code postgresql} datasource ({@code quarkus.datasource.postgresql.*}), tables in {@link #schema()}. */
        POSTGRESQL
    }

    /** Which store holds the ledger. Default {@code embedded}; {@code postgresql} in tests and production. */
    @WithDefault("embedded")
    Store store();

    /** PostgreSQL schema of the ledger's tables (created by Flyway). Default {@code ledger}. */
    @WithDefault("ledger")
    String schema();

    /** Most events one Append may carry. Default 5000 (the appender sends at most 512). */
    @WithDefault("5000")
    int maxBatch();

    /** Keys that read every tenant and change prices and budgets. Default none. */
    Optional<List<String>> financeKeys();

    /** {@code tenant-keys."key"=tenant}: keys that read only their own tenant. Default none. */
    Map<String, String> tenantKeys();

    /** Let reads without a key through as finance (a local embedded dashboard). Default {@code false}. */
    @WithDefault("false")
    boolean openReads();

    /** Most rows a top-N query returns. Default 100. */
    @WithDefault("100")
    int maxTop();
}
