/** Outbound calls of the ledger (alert webhooks, the Redis budget limits); retries and timeouts live here. */
package io.tollgate.ledger.client;
