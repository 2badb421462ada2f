package io.tollgate.ledger.service;

import java.time.Instant;
import java.time.LocalDate;

/** A threshold a budget crossed in one period, and how its webhook delivery went ({@code none}: no webhook). */
public record BudgetAlert(String budgetId, LocalDate periodStart, int thresholdPct, long spentNanos, long limitNanos,
        Instant firedAt, String delivery, int attempts, String lastError) {
}
