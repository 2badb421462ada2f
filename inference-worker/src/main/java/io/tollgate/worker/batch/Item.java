package io.tollgate.worker.batch;

import io.tollgate.worker.runtime.Tokenized;

/** One text of a {@link Pending} request: the unit the batcher queues and batches. */
record Item(Pending owner, int index, Tokenized text) {
    int tokens() {
        return text.tokens();
    }
}
