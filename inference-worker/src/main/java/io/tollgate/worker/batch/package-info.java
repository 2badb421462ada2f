/**
 * The per-model dynamic batcher (queue, priorities, deadlines, batch formation) and its metrics. Independent of ORT: it runs whatever Runner it is given.
 */
package io.tollgate.worker.batch;
