package io.tollgate.ledger.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.tollgate.common.price.ModelPrice;
import io.tollgate.common.price.PriceCatalogue;
import io.tollgate.ledger.store.LedgerStore;
import io.tollgate.ledger.store.PriceStore;

/**
 * The catalogue in force: the shipped file overlaid with prices added through the API (persisted, so they survive a
 * restart). Adding a price reprices the events that waited for it.
 */
@ApplicationScoped
public class PriceService {
    private static final Logger LOG = Logger.getLogger(PriceService.class);

    private final PriceCatalogue catalogue;
    private final PriceStore priceStore;
    private final LedgerStore ledgerStore;

    PriceService(PriceStore priceStore, LedgerStore ledgerStore) {
        this.priceStore = priceStore;
        this.ledgerStore = ledgerStore;
        this.catalogue = PriceCatalogue.loadDefault();
        priceStore.loadAll().forEach(catalogue::put);
        LOG.infof("price catalogue %s: %d models", catalogue.version(), catalogue.models().size());
    }

    public Pricer pricer() {
        return new Pricer(catalogue);
    }

    public PriceCatalogue catalogue() {
        return catalogue;
    }

    /** Stores the price, puts it in force and reprices waiting events; returns how many events changed. */
    public int addPrice(ModelPrice price, String entryJson) {
        priceStore.save(price, entryJson);
        catalogue.put(price);
        return reprice(price.model());
    }

    private int reprice(String model) {
        Pricer pricer = pricer();
        List<LedgerStore.Repriced> changes = new ArrayList<>();
        for (LedgerRow before : ledgerStore.findUnpricedFor(model)) {
            LedgerRow after = pricer.price(before.event());
            if (!Objects.equals(before.costNanos(), after.costNanos())
                    || !Objects.equals(before.baselineCostNanos(), after.baselineCostNanos())) {
                changes.add(new LedgerStore.Repriced(before, after));
            }
        }
        ledgerStore.reprice(changes);
        if (!changes.isEmpty()) {
            LOG.infof("repriced %d events of model %s", changes.size(), model);
        }
        return changes.size();
    }
}
