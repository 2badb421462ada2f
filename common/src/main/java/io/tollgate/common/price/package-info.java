/**
 * The price catalogue: a versioned file ({@code tollgate/prices.json}) of per-model prices with effective dates. The
 * ledger prices cost events with it and the router compares model prices with it; prices are exact decimals, never
 * {@code double}.
 */
package io.tollgate.common.price;
