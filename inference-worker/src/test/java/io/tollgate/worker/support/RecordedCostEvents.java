package io.tollgate.worker.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.tollgate.common.ledger.CostRecorder;
import io.tollgate.contracts.ledger.v1.CostEvent;

/**
 * In tests the worker's cost events land here instead of the ledger appender, so that tests can read them without a
 * running ledger (the appender's own delivery is tested in tollgate-common).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordedCostEvents implements CostRecorder {
    private final List<CostEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(CostEvent event) {
        events.add(event);
    }

    public List<CostEvent> forRequest(String requestId) {
        return events.stream().filter(e -> e.getRequestId().equals(requestId)).toList();
    }
}
