package io.tollgate.ledger.service;

import java.time.Instant;
import java.util.List;

import io.tollgate.common.ledger.BudgetKeys.Period;

/** A spend limit of a tenant (team empty) or of one team, per calendar period (UTC). Money in nano-USD. */
public record Budget(String id, String tenant, String team, Period period, long limitNanos, List<Integer> thresholdsPct,
        String webhookUrl, Instant createdAt, Instant updatedAt) {
}
