package io.tollgate.cache.store;

import java.util.List;

import io.tollgate.cache.service.CacheContext;
import io.tollgate.cache.service.Completion;
import io.tollgate.cache.service.Policy;
import io.tollgate.common.cache.Message;
import io.tollgate.common.cache.Params;
import io.tollgate.common.cache.Prompt;
import io.tollgate.common.id.Ids;

/** The requests the engine tests send: one user question at temperature 0, a fresh request id each time. */
final class EngineTestData {
    static final Policy SEMANTIC = new Policy(true, null, false, 0, List.of());

    private EngineTestData() {
    }

    static CacheContext ctx(String tenant) {
        return new CacheContext(Ids.newId(), tenant, "team", "key-1", "gpt-4o");
    }

    static Prompt prompt(String question) {
        return new Prompt(List.of(new Message("user", "", question)),
                new Params("gpt-4o-mini", 0.0, null, null, null, List.of(), false, null, null, ""));
    }

    static Completion answer(String content) {
        return new Completion("c1", "gpt-4o-mini", content, "stop", 20, 40, 0, 1_700_000_000L, "openai");
    }
}
