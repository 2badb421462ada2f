package io.tollgate.router.service;

import java.util.List;

import io.tollgate.router.config.CatalogueEntry;

/**
 * The router's choice before the call: the primary model, the models to try after it, and why.
 *
 * @param chain the primary model followed by its fallbacks, in order
 */
public record Route(List<CatalogueEntry> chain, String intent, double difficulty, String reason) {
    public CatalogueEntry primary() {
        return chain.get(0);
    }
}
