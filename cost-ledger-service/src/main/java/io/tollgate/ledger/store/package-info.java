/**
 * SQL storage (PostgreSQL or the embedded H2 file database, chosen at start-up by {@code tollgate.ledger.store}).
 * Stores insert what they are given; the only vendor differences live in {@link io.tollgate.ledger.store.Dialect}.
 */
package io.tollgate.ledger.store;
