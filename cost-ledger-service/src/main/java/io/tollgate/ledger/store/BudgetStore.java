package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.tollgate.common.ledger.BudgetKeys.Period;
import io.tollgate.ledger.service.Budget;
import io.tollgate.ledger.service.BudgetAlert;

/** Budgets, their alerts, and the spend they are measured against (from the hourly rollup). */
@ApplicationScoped
public class BudgetStore {
    private static final String BUDGET_COLUMNS = "budget_id, tenant, team, period, limit_nanos, thresholds, webhook_url,"
            + " created_at, updated_at";
    private static final String ALERT_COLUMNS = "budget_id, period_start, threshold_pct, spent_nanos, limit_nanos,"
            + " fired_at, delivery, attempts, last_error";
    /** SQLSTATE of a unique violation, the same in PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final LedgerDataSource ds;

    BudgetStore(LedgerDataSource ds) {
        this.ds = ds;
    }

    /** False when (tenant, team, period) already has a budget. */
    public boolean insert(Budget b) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(
                "insert into budget (" + BUDGET_COLUMNS + ") values (?,?,?,?,?,?,?,?,?)")) {
            bind(ps, b);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw LedgerStore.storeFailure(e);
        }
    }

    public void update(Budget b) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(
                "update budget set limit_nanos = ?, thresholds = ?, webhook_url = ?, updated_at = ? where budget_id = ?")) {
            ps.setLong(1, b.limitNanos());
            ps.setString(2, thresholds(b.thresholdsPct()));
            ps.setString(3, b.webhookUrl());
            ps.setTimestamp(4, ts(b.updatedAt()));
            ps.setString(5, b.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    public Optional<Budget> find(String id) {
        List<Budget> found = budgets("select " + BUDGET_COLUMNS + " from budget where budget_id = ?", id);
        return found.stream().findFirst();
    }

    /** Every budget, or one tenant's. */
    public List<Budget> list(Optional<String> tenant) {
        return tenant.isPresent()
                ? budgets("select " + BUDGET_COLUMNS + " from budget where tenant = ? order by team, period", tenant.get())
                : budgets("select " + BUDGET_COLUMNS + " from budget order by tenant, team, period");
    }

    /** Priced spend of the tenant (team empty) or team in [from, to), from the rollups. */
    public long spend(String tenant, String team, Instant from, Instant to) {
        RollupSource source = RollupSource.covering(from, to, false, " and tenant = ?" + (team.isEmpty() ? "" : " and team = ?"),
                team.isEmpty() ? List.of(tenant) : List.of(tenant, team));
        try (Connection c = ds.connection();
                PreparedStatement ps = c.prepareStatement("select coalesce(sum(cost_nanos), 0) from " + source.sql())) {
            source.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    /** Records a crossed threshold; false when it was recorded before (by this or another replica). */
    public boolean insertAlertIfAbsent(BudgetAlert a) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(
                "insert into budget_alert (" + ALERT_COLUMNS + ") values (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, a.budgetId());
            ps.setDate(2, Date.valueOf(a.periodStart()));
            ps.setInt(3, a.thresholdPct());
            ps.setLong(4, a.spentNanos());
            ps.setLong(5, a.limitNanos());
            ps.setTimestamp(6, ts(a.firedAt()));
            ps.setString(7, a.delivery());
            ps.setInt(8, a.attempts());
            ps.setString(9, a.lastError());
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw LedgerStore.storeFailure(e);
        }
    }

    public void updateDelivery(BudgetAlert a, String delivery, int attempts, String lastError) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement("update budget_alert set"
                + " delivery = ?, attempts = ?, last_error = ? where budget_id = ? and period_start = ? and threshold_pct = ?")) {
            ps.setString(1, delivery);
            ps.setInt(2, attempts);
            ps.setString(3, lastError == null ? null : lastError.substring(0, Math.min(1000, lastError.length())));
            ps.setString(4, a.budgetId());
            ps.setDate(5, Date.valueOf(a.periodStart()));
            ps.setInt(6, a.thresholdPct());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    /** A budget's alert history, newest first. */
    public List<BudgetAlert> alerts(String budgetId) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement("select " + ALERT_COLUMNS
                + " from budget_alert where budget_id = ? order by period_start desc, threshold_pct desc")) {
            ps.setString(1, budgetId);
            List<BudgetAlert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BudgetAlert(rs.getString(1), rs.getDate(2).toLocalDate(), rs.getInt(3), rs.getLong(4),
                            rs.getLong(5), rs.getTimestamp(6).toLocalDateTime().toInstant(ZoneOffset.UTC),
                            rs.getString(7), rs.getInt(8), rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    private List<Budget> budgets(String sql, String... params) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<Budget> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Budget(rs.getString(1), rs.getString(2), rs.getString(3), Period.fromWire(rs.getString(4)),
                            rs.getLong(5), parseThresholds(rs.getString(6)), rs.getString(7),
                            rs.getTimestamp(8).toLocalDateTime().toInstant(ZoneOffset.UTC),
                            rs.getTimestamp(9).toLocalDateTime().toInstant(ZoneOffset.UTC)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    private static void bind(PreparedStatement ps, Budget b) throws SQLException {
        ps.setString(1, b.id());
        ps.setString(2, b.tenant());
        ps.setString(3, b.team());
        ps.setString(4, b.period().wire());
        ps.setLong(5, b.limitNanos());
        ps.setString(6, thresholds(b.thresholdsPct()));
        ps.setString(7, b.webhookUrl());
        ps.setTimestamp(8, ts(b.createdAt()));
        ps.setTimestamp(9, ts(b.updatedAt()));
    }

    private static String thresholds(List<Integer> t) {
        return t.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> parseThresholds(String v) {
        return v.isBlank() ? List.of() : Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    static LocalDate day(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC);
    }
}
