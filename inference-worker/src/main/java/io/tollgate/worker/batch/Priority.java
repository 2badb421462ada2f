package io.tollgate.worker.batch;

/** Queue class of a request: every waiting interactive text is batched before any bulk one. */
public enum Priority {
    INTERACTIVE,
    BULK
}
