/**
 * Budget enforcement shared by every gateway replica: reserve an estimated cost atomically in Redis before the router,
 * settle the real cost after (see docs/design/002-budgets.md). Limits are written to Redis by the cost ledger.
 */
package io.tollgate.gateway.budget;
