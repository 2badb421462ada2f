package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finance reads over the rollups (never the raw events, except the per-request top list), at the coarsest grain
 * that fits the range ({@link RollupSource}). Group-by columns
 * come from a fixed allow-list, so the SQL text never contains caller input.
 */
@ApplicationScoped
public class FinanceStore {
    public static final Set<String> DIMENSIONS = Set.of("tenant", "team", "api_key_id", "model", "provider", "stage",
            "outcome");
    public static final Set<String> BUCKETS = Set.of("hour", "day", "month");

    private final LedgerDataSource ds;

    FinanceStore(LedgerDataSource ds) {
        this.ds = ds;
    }

    /** One aggregated row: bucket start (null without bucketing), dimension values, sums in nanos. */
    public record SpendRow(Instant bucket, Map<String, String> dims, long events, long unpricedEvents, long costNanos,
            long baselineCostNanos, long batchingSavedNanos) {
    }

    public List<SpendRow> spend(Instant from, Instant to, Optional<String> tenant, List<String> groupBy,
            Optional<String> bucket, String orderByCostDescLimit) {
        RollupSource source = RollupSource.covering(from, to, bucket.filter("hour"::equals).isPresent(),
                tenant.isPresent() ? " and tenant = ?" : "", tenant.map(List::of).orElse(List.of()));
        StringBuilder select = new StringBuilder("select ");
        List<String> groups = new ArrayList<>();
        bucket.ifPresent(b -> groups.add("date_trunc('" + b + "', bucket)"));
        groups.addAll(groupBy);
        for (String g : groups) {
            select.append(g).append(", ");
        }
        select.append("sum(events), sum(unpriced_events), sum(cost_nanos), sum(baseline_cost_nanos),")
                .append(" sum(batching_saved_nanos) from ").append(source.sql());
        if (!groups.isEmpty()) {
            select.append(" group by ").append(String.join(", ", groups));
        }
        select.append(orderByCostDescLimit != null ? " order by sum(cost_nanos) desc limit " + orderByCostDescLimit
                : groups.isEmpty() ? "" : " order by " + String.join(", ", groups));
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(select.toString())) {
            source.bind(ps, 1);
            List<SpendRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = 1;
                    Instant b = null;
                    if (bucket.isPresent()) {
                        b = rs.getTimestamp(i++).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    }
                    Map<String, String> dims = new LinkedHashMap<>();
                    for (String g : groupBy) {
                        dims.put(g, rs.getString(i++));
                    }
                    out.add(new SpendRow(b, dims, rs.getLong(i), rs.getLong(i + 1), rs.getLong(i + 2), rs.getLong(i + 3),
                            rs.getLong(i + 4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }

    public record RequestTotal(String requestId, String tenant, long costNanos, long baselineCostNanos) {
    }

    /** The most expensive requests in the range (reads raw events through the tenant/time index). */
    public List<RequestTotal> topRequests(Instant from, Instant to, Optional<String> tenant, int n) {
        String sql = "select request_id, min(tenant), sum(coalesce(cost_nanos, 0)), sum(coalesce(baseline_cost_nanos, 0))"
                + " from cost_event where event_time >= ? and event_time < ?" + (tenant.isPresent() ? " and tenant = ?" : "")
                + " group by request_id order by 3 desc limit " + n;
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, RollupSource.utc(from));
            ps.setTimestamp(2, RollupSource.utc(to));
            if (tenant.isPresent()) {
                ps.setString(3, tenant.get());
            }
            List<RequestTotal> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RequestTotal(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LedgerStore.storeFailure(e);
        }
    }
}
