package io.tollgate.ledger.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.config.LedgerConfig;

/**
 * The one place that decides who reads what. A finance key reads every tenant and may change prices and budgets; a
 * tenant key reads only its own tenant. Missing or unknown key: UNAUTHENTICATED (401); another tenant's data:
 * PERMISSION_DENIED (403).
 */
@ApplicationScoped
public class AccessPolicy {
    private final List<String> financeKeys;
    private final Map<String, String> tenantKeys;
    private final boolean openReads;

    AccessPolicy(LedgerConfig config) {
        this.financeKeys = config.financeKeys().orElse(List.of());
        this.tenantKeys = Map.copyOf(config.tenantKeys());
        this.openReads = config.openReads();
    }

    /** Who called: {@code tenant} is empty for finance. */
    public record Caller(boolean finance, String tenant) {
        /** The tenant a query is limited to: the caller's own, or {@code requested} (may be empty) for finance. */
        public Optional<String> scope(Optional<String> requested) {
            return finance ? requested : Optional.of(tenant);
        }
    }

    /** @param authorization the {@code Authorization} header ({@code Bearer <key>}), may be null */
    public Caller authenticate(String authorization, boolean write) {
        String key = bearer(authorization);
        if (key == null) {
            if (openReads && !write) {
                return new Caller(true, "");
            }
            throw new TollgateException(ErrorKind.UNAUTHENTICATED,
                    "missing API key: send Authorization: Bearer <finance or tenant key>", "authorization");
        }
        if (financeKeys.contains(key)) {
            return new Caller(true, "");
        }
        String tenant = tenantKeys.get(key);
        if (tenant == null) {
            throw new TollgateException(ErrorKind.UNAUTHENTICATED, "unknown API key", "authorization");
        }
        if (write) {
            throw new TollgateException(ErrorKind.PERMISSION_DENIED, "only a finance key may change this", "authorization");
        }
        return new Caller(false, tenant);
    }

    public void checkTenant(Caller caller, String tenant) {
        if (!caller.finance() && !caller.tenant().equals(tenant)) {
            throw new TollgateException(ErrorKind.PERMISSION_DENIED, "this key may read only tenant " + caller.tenant(),
                    "tenant");
        }
    }

    private static String bearer(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : h;
    }
}
