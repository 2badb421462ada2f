/** Typed configuration of the ledger ({@code tollgate.ledger.*}); every property documents its default. */
package io.tollgate.ledger.config;
