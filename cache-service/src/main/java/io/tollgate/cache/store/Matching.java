package io.tollgate.cache.store;

import io.tollgate.cache.service.CacheEntry;

/** The invalidation filter shared by the stores: empty filters match everything. */
final class Matching {
    private Matching() {
    }

    static boolean matches(CacheEntry e, String model, String tag) {
        boolean modelOk = model == null || model.isEmpty() || e.model().equals(model) || e.completion().model().equals(model);
        boolean tagOk = tag == null || tag.isEmpty() || e.tags().contains(tag);
        return modelOk && tagOk;
    }
}
