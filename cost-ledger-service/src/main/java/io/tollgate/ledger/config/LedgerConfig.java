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

    /** Most events one Append may carry. Default 5000 (the appender sends at most 1024). */
    @WithDefault("5000")
    int maxBatch();

    /**
     * PostgreSQL: transactions the write path keeps open at once. Appends that arrive while they run share the next
     * transaction (group commit). 0 = no grouping: every append commits alone, concurrently. Default 4.
     */
    @WithDefault("4")
    int writeTransactions();

    /**
     * PostgreSQL: how a batch of events reaches the table. {@code copy} (default): binary {@code COPY} into a
     * per-session temporary staging table, then one {@code insert ... select ... on conflict do nothing}; {@code unnest}:
     * one array parameter per column ({@code insert ... select from unnest(...)}), pgjdbc encoding the text arrays.
     */
    @WithDefault("copy")
    WriteMethod writeMethod();

    enum WriteMethod { COPY, UNNEST }

    /** PostgreSQL: most events in one shared write transaction. Default 8192. */
    @WithDefault("8192")
    int maxTransactionEvents();

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

    /**
     * PostgreSQL only: how many months after the current one get their raw-event partition created ahead (at start-up
     * and daily). Default 3.
     */
    @WithDefault("3")
    int partitionsAhead();

    /** Budgets and their alerts. */
    Budgets budgets();

    interface Budgets {
        /** Prefix of the Redis budget keys; must equal the gateway's {@code tollgate.gateway.budget.key-prefix}. Default {@code tollgate:}. */
        @WithDefault("tollgate:")
        String keyPrefix();

        /** How often spend is checked against thresholds and limits are re-published to Redis. Default 15s. */
        @WithDefault("15s")
        java.time.Duration checkInterval();

        /** Webhook delivery attempts per alert (exponential back-off between them). Default 5. */
        @WithDefault("5")
        int webhookAttempts();

        /** Back-off before the second attempt; doubles after each. Default 1s. */
        @WithDefault("1s")
        java.time.Duration webhookBackoff();

        /** Timeout of one webhook POST. Default 5s. */
        @WithDefault("5s")
        java.time.Duration webhookTimeout();
    }
}
