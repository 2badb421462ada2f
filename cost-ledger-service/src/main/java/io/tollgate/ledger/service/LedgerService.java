package io.tollgate.ledger.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.store.LedgerStore;

/** Ingest (price, then store idempotently) and the per-request breakdown. */
@ApplicationScoped
public class LedgerService {
    private final LedgerStore store;
    private final PriceService prices;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter unpriced;

    LedgerService(LedgerStore store, PriceService prices, MeterRegistry registry) {
        this.store = store;
        this.prices = prices;
        this.accepted = Counter.builder("tollgate.ledger.events").tag("result", "accepted")
                .description("Cost events newly stored").register(registry);
        this.duplicates = Counter.builder("tollgate.ledger.events").tag("result", "duplicate")
                .description("Cost events already stored (idempotent replay)").register(registry);
        this.unpriced = Counter.builder("tollgate.ledger.unpriced.events")
                .description("Cost events stored without a price because their model had none").register(registry);
    }

    public record AppendResult(int accepted, int duplicates) {
    }

    public AppendResult append(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return new AppendResult(0, 0);
        }
        Pricer pricer = prices.pricer();
        List<LedgerRow> rows = new ArrayList<>(events.size());
        for (UsageEvent e : events) {
            rows.add(pricer.price(e));
        }
        LedgerStore.InsertResult result = store.insert(rows);
        accepted.increment(result.inserted());
        duplicates.increment(result.duplicates());
        unpriced.increment(result.insertedUnpriced());
        return new AppendResult(result.inserted(), result.duplicates());
    }

    /** Every stage of one request, in event time order; NOT_FOUND when the ledger has none. */
    public RequestCosts requestCosts(String requestId) {
        List<LedgerRow> rows = store.findByRequest(requestId);
        if (rows.isEmpty()) {
            throw new TollgateException(ErrorKind.NOT_FOUND, "no cost events for request " + requestId, "request_id");
        }
        return RequestCosts.of(requestId, rows);
    }
}
