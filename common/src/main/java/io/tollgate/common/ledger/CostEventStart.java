package io.tollgate.common.ledger;

import io.tollgate.common.id.Ids;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.Stage;

/**
 * The part of every cost event that does not depend on the hop: a fresh time-ordered event id (the ledger's
 * idempotency key), the time, who the request is for, and which service recorded which stage. Hops add their usage.
 */
public final class CostEventStart {
    private CostEventStart() {
    }

    /** Null identity fields become empty strings: the ledger rejects a missing request id or tenant by name. */
    public static CostEvent.Builder of(String requestId, String tenant, String team, String apiKeyId, String service,
            Stage stage) {
        return CostEvent.newBuilder()
                .setEventId(Ids.newId())
                .setRequestId(nz(requestId))
                .setTimeUnixMicros(nowMicros())
                .setTenant(nz(tenant))
                .setTeam(nz(team))
                .setApiKeyId(nz(apiKeyId))
                .setService(service)
                .setStage(stage);
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
