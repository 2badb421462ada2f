package io.tollgate.gateway.budget;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tollgate.gateway.budget.*}: budget enforcement. See docs/design/002-budgets.md. */
@ConfigMapping(prefix = "tollgate.gateway.budget")
public interface BudgetConfig {

    /** Enforce budgets (reserve/settle in Redis). Default {@code true}; {@code false} admits everything. */
    @WithDefault("true")
    boolean enabled();

    /** Prefix of every budget key; must equal the ledger's {@code tollgate.ledger.budgets.key-prefix}. Default {@code tollgate:}. */
    @WithDefault("tollgate:")
    String keyPrefix();

    /** Longest the request path waits for Redis before applying the tenant's failure policy. Default 200 ms. */
    @WithDefault("200ms")
    Duration redisTimeout();

    /**
     * Tenants that are refused (503) while Redis cannot be reached. Every other tenant is admitted unchecked
     * (fail-open: an outage of the budget store must not take the gateway down). Default none.
     */
    Optional<List<String>> failClosedTenants();

    /** Output tokens assumed when a request sets no {@code max_tokens}. Default 512. */
    @WithDefault("512")
    int defaultOutputTokens();

    /** Model whose prices estimate a request when the caller's baseline model has no price. Default {@code gpt-4o}. */
    @WithDefault("gpt-4o")
    String fallbackPriceModel();

    /**
     * A reservation not settled within this time (a stream abandoned mid-way) is released by a reaper, so a lost
     * settle cannot hold budget for the rest of the period. Default 5 minutes (above the router timeout).
     */
    @WithDefault("5m")
    Duration reservationTimeout();
}
