package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.service.LedgerRow;
import io.tollgate.ledger.service.Stage;
import io.tollgate.ledger.service.UsageEvent;

/**
 * Raw events plus the hourly rollup, always changed together in one transaction: an event is counted in the rollup
 * exactly when its row was newly inserted, so a replayed batch changes neither.
 */
@ApplicationScoped
public class LedgerStore {
    private static final String COLUMNS = "event_id, request_id, event_time, tenant, team, api_key_id, service,"
            + " provider, model, stage, outcome, input_tokens, output_tokens, cached_tokens, compute_micros, lookups,"
            + " baseline_model, baseline_input_tokens, baseline_output_tokens, reported_cost_nanos, cost_nanos,"
            + " baseline_cost_nanos, priced, baseline_priced, attributes";
    private static final int COLUMN_COUNT = 25;
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };

    private final LedgerDataSource ds;
    private final ObjectMapper json = new ObjectMapper();
    /** Serializes writes on the embedded store, whose idempotent insert is a check-then-insert. */
    private final ReentrantLock embeddedWriteLock = new ReentrantLock();

    LedgerStore(LedgerDataSource ds) {
        this.ds = ds;
    }

    public record InsertResult(int inserted, int duplicates, int insertedUnpriced) {
    }

    /** A stored row whose price changed, with the rollup delta it implies. */
    public record Repriced(LedgerRow before, LedgerRow after) {
    }

    public InsertResult insert(List<LedgerRow> rows) {
        String params = String.join(",", java.util.Collections.nCopies(COLUMN_COUNT, "?"));
        String sql = ds.dialect().insertEventIfAbsent(COLUMNS, params);
        return write(c -> {
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (LedgerRow r : rows) {
                    bindEvent(ps, r);
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            Map<RollupKey, long[]> deltas = new TreeMap<>(RollupKey.ORDER);
            int inserted = 0;
            int unpriced = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (counts[i] > 0) {
                    inserted++;
                    unpriced += rows.get(i).priced() ? 0 : 1;
                    addDelta(deltas, rows.get(i), +1);
                }
            }
            applyRollup(c, deltas);
            return new InsertResult(inserted, rows.size() - inserted, unpriced);
        });
    }

    public List<LedgerRow> findByRequest(String requestId) {
        return read("select " + COLUMNS + " from cost_event where request_id = ? order by event_time, event_id",
                requestId);
    }

    /** Events still waiting for a price of {@code model}, as the model of the event or as its baseline model. */
    public List<LedgerRow> findUnpricedFor(String model) {
        return read("select " + COLUMNS + " from cost_event where (priced = false and model = ?)"
                + " or (baseline_priced = false and baseline_model = ?)", model, model);
    }

    /** Writes new prices of stored events and moves their rollup rows by the difference. */
    public void reprice(List<Repriced> changes) {
        if (changes.isEmpty()) {
            return;
        }
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("update cost_event set cost_nanos = ?, baseline_cost_nanos = ?,"
                    + " priced = ?, baseline_priced = ? where event_id = ?")) {
                for (Repriced r : changes) {
                    setLong(ps, 1, r.after().costNanos());
                    setLong(ps, 2, r.after().baselineCostNanos());
                    ps.setBoolean(3, r.after().priced());
                    ps.setBoolean(4, r.after().baselinePriced());
                    ps.setString(5, r.after().event().eventId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Map<RollupKey, long[]> deltas = new TreeMap<>(RollupKey.ORDER);
            for (Repriced r : changes) {
                addDelta(deltas, r.before(), -1);
                addDelta(deltas, r.after(), +1);
            }
            applyRollup(c, deltas);
            return null;
        });
    }

    /** [events, unpriced, input, output, cost, baseline]; an unpriced amount adds nothing. */
    private static void addDelta(Map<RollupKey, long[]> deltas, LedgerRow r, int sign) {
        long[] d = deltas.computeIfAbsent(RollupKey.of(r.event()), k -> new long[6]);
        d[0] += sign;
        d[1] += r.priced() ? 0 : sign;
        d[2] += sign * r.event().inputTokens();
        d[3] += sign * r.event().outputTokens();
        d[4] += sign * (r.priced() ? r.costNanos() : 0L);
        d[5] += sign * (r.baselinePriced() ? r.baselineCostNanos() : 0L);
    }

    private void applyRollup(Connection c, Map<RollupKey, long[]> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(ds.dialect().addToRollup())) {
            for (Map.Entry<RollupKey, long[]> e : deltas.entrySet()) {
                RollupKey k = e.getKey();
                ps.setTimestamp(1, Timestamp.valueOf(k.hour()));
                ps.setString(2, k.tenant());
                ps.setString(3, k.team());
                ps.setString(4, k.apiKeyId());
                ps.setString(5, k.model());
                ps.setString(6, k.provider());
                ps.setString(7, k.stage());
                ps.setString(8, k.outcome());
                for (int i = 0; i < 6; i++) {
                    ps.setLong(9 + i, e.getValue()[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void bindEvent(PreparedStatement ps, LedgerRow r) throws SQLException {
        UsageEvent e = r.event();
        int i = 1;
        ps.setString(i++, e.eventId());
        ps.setString(i++, e.requestId());
        ps.setTimestamp(i++, Timestamp.valueOf(LocalDateTime.ofInstant(e.time(), ZoneOffset.UTC)));
        ps.setString(i++, e.tenant());
        ps.setString(i++, e.team());
        ps.setString(i++, e.apiKeyId());
        ps.setString(i++, e.service());
        ps.setString(i++, e.provider());
        ps.setString(i++, e.model());
        ps.setString(i++, e.stage().wire());
        ps.setString(i++, e.outcome());
        ps.setLong(i++, e.inputTokens());
        ps.setLong(i++, e.outputTokens());
        ps.setLong(i++, e.cachedTokens());
        ps.setLong(i++, e.computeMicros());
        ps.setLong(i++, e.lookups());
        ps.setString(i++, e.baselineModel());
        ps.setLong(i++, e.baselineInputTokens());
        ps.setLong(i++, e.baselineOutputTokens());
        setLong(ps, i++, e.reportedCostNanos());
        setLong(ps, i++, r.costNanos());
        setLong(ps, i++, r.baselineCostNanos());
        ps.setBoolean(i++, r.priced());
        ps.setBoolean(i++, r.baselinePriced());
        try {
            ps.setString(i++, json.writeValueAsString(e.attributes()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        if (ds.dialect().repeatsEventIdParam()) {
            ps.setString(i, e.eventId());
        }
    }

    private LedgerRow readRow(ResultSet rs) throws SQLException {
        Map<String, String> attributes;
        try {
            attributes = json.readValue(rs.getString("attributes"), ATTRIBUTES);
        } catch (JsonProcessingException ex) {
            attributes = Map.of();
        }
        UsageEvent e = new UsageEvent(rs.getString("event_id"), rs.getString("request_id"),
                rs.getTimestamp("event_time").toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString("tenant"),
                rs.getString("team"), rs.getString("api_key_id"), rs.getString("service"), rs.getString("provider"),
                rs.getString("model"), Stage.fromWire(rs.getString("stage")), rs.getString("outcome"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cached_tokens"),
                rs.getLong("compute_micros"), rs.getLong("lookups"), rs.getString("baseline_model"),
                rs.getLong("baseline_input_tokens"), rs.getLong("baseline_output_tokens"),
                getLong(rs, "reported_cost_nanos"), attributes);
        return new LedgerRow(e, getLong(rs, "cost_nanos"), getLong(rs, "baseline_cost_nanos"));
    }

    private List<LedgerRow> read(String sql, String... params) {
        try (Connection c = ds.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            List<LedgerRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readRow(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction. */
    <T> T write(Work<T> work) {
        boolean embedded = ds.dialect() == Dialect.H2;
        if (embedded) {
            embeddedWriteLock.lock();
        }
        try (Connection c = ds.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        } finally {
            if (embedded) {
                embeddedWriteLock.unlock();
            }
        }
    }

    static TollgateException storeFailure(SQLException e) {
        return new TollgateException(ErrorKind.INTERNAL, "ledger store failed: " + e.getMessage(), null, e);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
