/**
 * The ledger's logic: pricing usage into nano-USD, ingesting events idempotently, repricing when a price arrives,
 * finance queries and access rules. Works on domain records only; never sees protobuf or JSON wire types.
 */
package io.tollgate.ledger.service;
