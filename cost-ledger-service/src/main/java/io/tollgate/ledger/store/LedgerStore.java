package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.ledger.config.LedgerConfig;
import io.tollgate.ledger.service.LedgerRow;
import io.tollgate.ledger.service.Stage;
import io.tollgate.ledger.service.UsageEvent;

/**
 * Raw events plus the hourly and daily rollups, always changed together in one transaction: an event is counted in the
 * rollups exactly when its row was newly inserted, so a replayed batch changes none of them. On PostgreSQL a batch is
 * two statements plus one per rollup, whatever its size ({@code unnest} of column arrays).
 */
@ApplicationScoped
public class LedgerStore {
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a column travels: PostgreSQL gets one array per column, binary where pgjdbc can (numbers, booleans). */
    private enum Kind {
        TEXT, LONG, NULLABLE_LONG, BOOL, TIME
    }

    /** One stored column of {@code cost_event} and how a row fills it. */
    private record Column(String name, Kind kind, Function<LedgerRow, Object> value) {
    }

    private static final List<Column> EVENT_COLUMNS = List.of(
            text("event_id", r -> r.event().eventId()),
            text("request_id", r -> r.event().requestId()),
            new Column("event_time", Kind.TIME, r -> r.event().time()),
            text("tenant", r -> r.event().tenant()),
            text("team", r -> r.event().team()),
            text("api_key_id", r -> r.event().apiKeyId()),
            text("service", r -> r.event().service()),
            text("provider", r -> r.event().provider()),
            text("model", r -> r.event().model()),
            text("stage", r -> r.event().stage().wire()),
            text("outcome", r -> r.event().outcome()),
            bigint("input_tokens", r -> r.event().inputTokens()),
            bigint("output_tokens", r -> r.event().outputTokens()),
            bigint("cached_tokens", r -> r.event().cachedTokens()),
            bigint("compute_micros", r -> r.event().computeMicros()),
            bigint("unbatched_compute_micros", r -> r.event().unbatchedComputeMicros()),
            bigint("lookups", r -> r.event().lookups()),
            text("baseline_model", r -> r.event().baselineModel()),
            bigint("baseline_input_tokens", r -> r.event().baselineInputTokens()),
            bigint("baseline_output_tokens", r -> r.event().baselineOutputTokens()),
            new Column("reported_cost_nanos", Kind.NULLABLE_LONG, r -> r.event().reportedCostNanos()),
            new Column("cost_nanos", Kind.NULLABLE_LONG, LedgerRow::costNanos),
            new Column("baseline_cost_nanos", Kind.NULLABLE_LONG, LedgerRow::baselineCostNanos),
            bigint("batching_saved_nanos", LedgerRow::batchingSavedNanos),
            new Column("priced", Kind.BOOL, LedgerRow::priced),
            new Column("baseline_priced", Kind.BOOL, LedgerRow::baselinePriced),
            text("attributes", r -> json(r.event().attributes())));
    private static final String COLUMNS = EVENT_COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "));
    /**
     * PostgreSQL: {@code select <columns> from unnest(<one array per column>) u(<columns>)}; times travel as epoch
     * microseconds (a binary bigint array) instead of timestamp text the server would have to parse.
     */
    private static final String UNNEST_SELECT = "select " + EVENT_COLUMNS.stream()
            .map(c -> c.kind() == Kind.TIME ? "timestamp '1970-01-01' + " + c.name() + " * interval '1 microsecond'" : c.name())
            .collect(Collectors.joining(", "))
            + " from unnest(" + EVENT_COLUMNS.stream().map(c -> switch (c.kind()) {
                case TEXT -> "?::varchar[]";
                case LONG, NULLABLE_LONG, TIME -> "?::bigint[]";
                case BOOL -> "?::boolean[]";
            }).collect(Collectors.joining(", ")) + ") u(" + COLUMNS + ")";

    /** PostgreSQL's binary COPY: the staging table (temporary, per session) and the statements around it. */
    private static final String STAGE = "cost_event_stage";
    private static final String COPY_SQL = "copy " + STAGE + " (" + COLUMNS + ") from stdin (format binary)";
    private static final String INSERT_STAGED_SQL = "insert into cost_event (" + COLUMNS + ") select " + COLUMNS + " from " + STAGE
            + " on conflict (event_id, event_time) do nothing returning event_id, event_time";

    private final LedgerDataSource ds;
    /** Serializes writes on the embedded store, whose idempotent insert is a check-then-insert. */
    private final ReentrantLock embeddedWriteLock = new ReentrantLock();
    /** The write path's statements, built once for the active dialect (not per batch). */
    private final String insertSql;
    private final Map<Dialect.Rollup, String> rollupSql = new EnumMap<>(Dialect.Rollup.class);
    /** PostgreSQL: concurrent appends share transactions; null on H2 or when switched off. */
    private final GroupCommit<LedgerRow> groupCommit;
    /** PostgreSQL: binary COPY through a staging table (else the unnest statement). */
    private final boolean copy;
    /** Sessions (pgjdbc connections, by identity) that already hold the temporary staging table. */
    private final Set<Object> staged = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    LedgerStore(LedgerDataSource ds, LedgerConfig config) {
        this.ds = ds;
        // H2 (the embedded default) serializes writes under its own lock: grouping buys nothing there
        this.groupCommit = ds.dialect() == Dialect.POSTGRESQL && config.writeTransactions() > 0
                ? new GroupCommit<LedgerRow>(rows -> write(c -> insertAndRoll(c, rows)), config.writeTransactions(), config.maxTransactionEvents())
                : null;
        this.insertSql = ds.dialect().insertEventsIfAbsent(COLUMNS, ds.dialect() == Dialect.POSTGRESQL ? UNNEST_SELECT
                : String.join(",", Collections.nCopies(EVENT_COLUMNS.size(), "?")));
        this.copy = ds.dialect() == Dialect.POSTGRESQL && config.writeMethod() == LedgerConfig.WriteMethod.COPY;
        for (Dialect.Rollup r : Dialect.Rollup.values()) {
            rollupSql.put(r, ds.dialect().addToRollup(r));
        }
    }

    public record InsertResult(int inserted, int duplicates, int insertedUnpriced) {
    }

    /** A stored row whose price changed, with the rollup delta it implies. */
    public record Repriced(LedgerRow before, LedgerRow after) {
    }

    public InsertResult insert(List<LedgerRow> rows) {
        boolean[] fresh = groupCommit != null ? groupCommit.write(rows) : write(c -> insertAndRoll(c, rows));
        int inserted = 0;
        int unpriced = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (fresh[i]) {
                inserted++;
                unpriced += rows.get(i).priced() ? 0 : 1;
            }
        }
        return new InsertResult(inserted, rows.size() - inserted, unpriced);
    }

    /** Inserts the rows that are new and moves both rollups by exactly those; says per row whether it was new. */
    private boolean[] insertAndRoll(Connection c, List<LedgerRow> rows) throws SQLException {
        boolean[] fresh = ds.dialect() != Dialect.POSTGRESQL ? insertRows(c, rows) : copy ? copyRows(c, rows) : insertArrays(c, rows);
        Map<RollupKey, long[]> deltas = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (fresh[i]) {
                addDelta(deltas, rows.get(i), +1);
            }
        }
        applyRollups(c, deltas);
        return fresh;
    }

    /**
     * PostgreSQL: the batch as one binary {@code COPY} into the session's staging table (emptied at commit), then one
     * insert of the rows that are new; the ids it returns are exactly those. No text encoding on either side: numbers
     * and times travel as the server's own binary, strings as UTF-8.
     */
    private boolean[] copyRows(Connection c, List<LedgerRow> rows) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        if (!staged.contains(pg)) {
            try (Statement st = c.createStatement()) {
                st.execute("create temporary table if not exists " + STAGE + " (like cost_event including defaults) on commit delete rows");
            }
            staged.add(pg);
        }
        byte[] data = BinaryCopy.encode(rows, EVENT_COLUMNS.size(), (row, out) -> {
            for (Column col : EVENT_COLUMNS) {
                Object v = col.value().apply(row);
                switch (col.kind()) {
                    case TEXT -> out.text((String) v);
                    case LONG, NULLABLE_LONG -> out.int8((Long) v);
                    case BOOL -> out.bool((Boolean) v);
                    case TIME -> out.timestamp(epochMicros((Instant) v));
                }
            }
        });
        CopyIn in = pg.getCopyAPI().copyIn(COPY_SQL);
        try {
            in.writeToCopy(data, 0, data.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        return freshRows(c, INSERT_STAGED_SQL, rows, ps -> { });
    }

    /** PostgreSQL: the whole batch in one statement; the ids it returns are exactly the rows that were new. */
    private boolean[] insertArrays(Connection c, List<LedgerRow> rows) throws SQLException {
        return freshRows(c, insertSql, rows, ps -> bindArrays(ps, rows));
    }

    /** Runs an insert that returns (event_id, event_time) of the rows it inserted; says per row whether it was new. */
    private boolean[] freshRows(Connection c, String sql, List<LedgerRow> rows, Binder binder) throws SQLException {
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDateTime t = rs.getTimestamp(2).toLocalDateTime();
                    inserted.add(rs.getString(1) + '|' + epochMicros(t.toInstant(ZoneOffset.UTC)));
                }
            }
        }
        boolean[] fresh = new boolean[rows.size()];
        for (int k = 0; k < fresh.length; k++) {
            // remove(): a key twice in one batch was inserted once, so only its first occurrence is new
            UsageEvent e = rows.get(k).event();
            fresh[k] = inserted.remove(e.eventId() + '|' + epochMicros(e.time()));
        }
        return fresh;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static void bindArrays(PreparedStatement ps, List<LedgerRow> rows) throws SQLException {
        int i = 1;
        int n = rows.size();
        for (Column col : EVENT_COLUMNS) {
            Object array = switch (col.kind()) {
                case TEXT -> {
                    String[] v = new String[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = (String) col.value().apply(rows.get(k));
                    }
                    yield v;
                }
                case LONG -> {
                    long[] v = new long[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = (Long) col.value().apply(rows.get(k));
                    }
                    yield v;
                }
                case NULLABLE_LONG -> {
                    Long[] v = new Long[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = (Long) col.value().apply(rows.get(k));
                    }
                    yield v;
                }
                case BOOL -> {
                    boolean[] v = new boolean[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = (Boolean) col.value().apply(rows.get(k));
                    }
                    yield v;
                }
                case TIME -> {
                    long[] v = new long[n];
                    for (int k = 0; k < n; k++) {
                        v[k] = epochMicros((Instant) col.value().apply(rows.get(k)));
                    }
                    yield v;
                }
            };
            ps.setObject(i++, array);
        }
    }

    /** H2: one "insert if absent" per row in a JDBC batch, under the embedded write lock. */
    private boolean[] insertRows(Connection c, List<LedgerRow> rows) throws SQLException {
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            for (LedgerRow r : rows) {
                int i = 1;
                for (Column col : EVENT_COLUMNS) {
                    Object v = col.value().apply(r);
                    switch (col.kind()) {
                        case TEXT -> ps.setString(i++, (String) v);
                        case LONG, NULLABLE_LONG -> setLong(ps, i++, (Long) v);
                        case BOOL -> ps.setBoolean(i++, (Boolean) v);
                        case TIME -> ps.setTimestamp(i++, Timestamp.valueOf(LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC)));
                    }
                }
                if (ds.dialect().repeatsEventIdParam()) {
                    ps.setString(i, r.event().eventId());
                }
                ps.addBatch();
            }
            counts = ps.executeBatch();
        }
        boolean[] fresh = new boolean[rows.size()];
        for (int k = 0; k < fresh.length; k++) {
            fresh[k] = counts[k] > 0;
        }
        return fresh;
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
                    + " batching_saved_nanos = ?, priced = ?, baseline_priced = ? where event_id = ? and event_time = ?")) {
                for (Repriced r : changes) {
                    setLong(ps, 1, r.after().costNanos());
                    setLong(ps, 2, r.after().baselineCostNanos());
                    ps.setLong(3, r.after().batchingSavedNanos());
                    ps.setBoolean(4, r.after().priced());
                    ps.setBoolean(5, r.after().baselinePriced());
                    ps.setString(6, r.after().event().eventId());
                    ps.setTimestamp(7, Timestamp.valueOf(LocalDateTime.ofInstant(r.after().event().time(), ZoneOffset.UTC)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            Map<RollupKey, long[]> deltas = new HashMap<>();
            for (Repriced r : changes) {
                addDelta(deltas, r.before(), -1);
                addDelta(deltas, r.after(), +1);
            }
            applyRollups(c, deltas);
            return null;
        });
    }

    /** [events, unpriced, input, output, cost, baseline, batching saved]; an unpriced amount adds nothing. */
    private static void addDelta(Map<RollupKey, long[]> deltas, LedgerRow r, int sign) {
        long[] d = deltas.computeIfAbsent(RollupKey.of(r.event()), k -> new long[Dialect.SUM_NAMES.length]);
        d[0] += sign;
        d[1] += r.priced() ? 0 : sign;
        d[2] += sign * r.event().inputTokens();
        d[3] += sign * r.event().outputTokens();
        d[4] += sign * (r.priced() ? r.costNanos() : 0L);
        d[5] += sign * (r.baselinePriced() ? r.baselineCostNanos() : 0L);
        d[6] += sign * r.batchingSavedNanos();
    }

    /**
     * Adds the hourly deltas to the hourly rollup and, summed by day, to the daily one, each in {@link RollupKey#ORDER}
     * (sorted once here, not per event).
     */
    private void applyRollups(Connection c, Map<RollupKey, long[]> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        Map<RollupKey, long[]> hourly = new TreeMap<>(RollupKey.ORDER);
        hourly.putAll(deltas);
        Map<RollupKey, long[]> daily = new TreeMap<>(RollupKey.ORDER);
        hourly.forEach((k, d) -> {
            long[] sum = daily.computeIfAbsent(k.day(), x -> new long[d.length]);
            for (int i = 0; i < d.length; i++) {
                sum[i] += d[i];
            }
        });
        applyRollup(c, Dialect.Rollup.HOURLY, hourly);
        applyRollup(c, Dialect.Rollup.DAILY, daily);
    }

    private void applyRollup(Connection c, Dialect.Rollup table, Map<RollupKey, long[]> deltas) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(rollupSql.get(table))) {
            if (ds.dialect() == Dialect.POSTGRESQL) {
                int n = deltas.size();
                long[] buckets = new long[n];
                String[][] dims = new String[7][n];
                long[][] sums = new long[Dialect.SUM_NAMES.length][n];
                int row = 0;
                for (Map.Entry<RollupKey, long[]> e : deltas.entrySet()) {
                    RollupKey k = e.getKey();
                    buckets[row] = k.bucket().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
                    String[] d = { k.tenant(), k.team(), k.apiKeyId(), k.model(), k.provider(), k.stage(), k.outcome() };
                    for (int i = 0; i < d.length; i++) {
                        dims[i][row] = d[i];
                    }
                    for (int i = 0; i < sums.length; i++) {
                        sums[i][row] = e.getValue()[i];
                    }
                    row++;
                }
                int p = 1;
                ps.setObject(p++, buckets);
                for (String[] d : dims) {
                    ps.setObject(p++, d);
                }
                for (long[] sum : sums) {
                    ps.setObject(p++, sum);
                }
                ps.executeUpdate();
                return;
            }
            for (Map.Entry<RollupKey, long[]> e : deltas.entrySet()) {
                Object[] key = keyValues(e.getKey());
                ps.setTimestamp(1, (Timestamp) key[0]);
                for (int i = 1; i < key.length; i++) {
                    ps.setString(i + 1, (String) key[i]);
                }
                for (int i = 0; i < e.getValue().length; i++) {
                    ps.setLong(9 + i, e.getValue()[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Object[] keyValues(RollupKey k) {
        return new Object[] { Timestamp.valueOf(k.bucket()), k.tenant(), k.team(), k.apiKeyId(), k.model(), k.provider(),
                k.stage(), k.outcome() };
    }

    private static Column text(String name, Function<LedgerRow, Object> value) {
        return new Column(name, Kind.TEXT, value);
    }

    private static Column bigint(String name, Function<LedgerRow, Object> value) {
        return new Column(name, Kind.LONG, value);
    }

    /** Microseconds since the epoch: the resolution of a PostgreSQL timestamp. */
    private static long epochMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static String json(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private LedgerRow readRow(ResultSet rs) throws SQLException {
        Map<String, String> attributes;
        try {
            attributes = JSON.readValue(rs.getString("attributes"), ATTRIBUTES);
        } catch (JsonProcessingException ex) {
            attributes = Map.of();
        }
        UsageEvent e = new UsageEvent(rs.getString("event_id"), rs.getString("request_id"),
                rs.getTimestamp("event_time").toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString("tenant"),
                rs.getString("team"), rs.getString("api_key_id"), rs.getString("service"), rs.getString("provider"),
                rs.getString("model"), Stage.fromWire(rs.getString("stage")), rs.getString("outcome"),
                rs.getLong("input_tokens"), rs.getLong("output_tokens"), rs.getLong("cached_tokens"),
                rs.getLong("compute_micros"), rs.getLong("unbatched_compute_micros"), rs.getLong("lookups"), rs.getString("baseline_model"),
                rs.getLong("baseline_input_tokens"), rs.getLong("baseline_output_tokens"),
                getLong(rs, "reported_cost_nanos"), attributes);
        return new LedgerRow(e, getLong(rs, "cost_nanos"), getLong(rs, "baseline_cost_nanos"),
                rs.getLong("batching_saved_nanos"));
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
                if (copy) {
                    // a staging table created in this transaction is gone with it: create it again next time
                    staged.remove(c.unwrap(PGConnection.class));
                }
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
