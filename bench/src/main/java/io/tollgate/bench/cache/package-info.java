/** Offline evaluations of the cache's semantic tier (index + guard) on public paraphrase data read in place. */
package io.tollgate.bench.cache;
