package io.tollgate.router.service;

import java.util.List;

import io.tollgate.contracts.common.v1.Outcome;
import io.tollgate.router.config.CatalogueEntry;

/** The route actually taken: which model answered, with what outcome, after which failed attempts. */
public record Routed(CatalogueEntry model, Route route, Outcome outcome, List<String> attempted) {
}
