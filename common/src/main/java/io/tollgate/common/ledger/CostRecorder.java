package io.tollgate.common.ledger;

import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * Where every hop hands its cost events. Implementations never block the caller on the ledger and never throw:
 * the request path must not wait for, or fail because of, cost accounting.
 */
public interface CostRecorder {
    void record(CostEvent event);
}
