package io.tollgate.ledger.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tollgate.ledger.config.LedgerConfig;

/**
 * Keeps a monthly partition of {@code cost_event} ready for the current month and the next
 * {@code tollgate.ledger.partitions-ahead} (PostgreSQL only; the embedded store is not partitioned). Runs at start-up
 * and daily; safe across replicas (a transaction-scoped advisory lock, and {@code if not exists}). A month whose rows
 * already sit in the default partition (events far in the past or future) cannot get its own partition: that is logged
 * and the rows stay correct in the default one.
 */
@ApplicationScoped
public class PartitionMaintainer {
    private static final Logger LOG = Logger.getLogger(PartitionMaintainer.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
    /** Any constant shared by the replicas: serializes their partition DDL. */
    private static final long LOCK_KEY = 0x746f6c6c70617274L;

    private final LedgerDataSource ds;
    private final LedgerStore store;
    private final LedgerConfig config;

    PartitionMaintainer(LedgerDataSource ds, LedgerStore store, LedgerConfig config) {
        this.ds = ds;
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        ensureAhead();
    }

    @Scheduled(every = "24h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        ensureAhead();
    }

    /** Creates the missing partitions from this month to {@code partitionsAhead} months ahead; returns the new ones. */
    public List<String> ensureAhead() {
        if (ds.dialect() != Dialect.POSTGRESQL) {
            return List.of();
        }
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= config.partitionsAhead(); i++) {
            ensure(now.plusMonths(i)).ifPresent(created::add);
        }
        if (!created.isEmpty()) {
            LOG.infof("created cost_event partitions %s", created);
        }
        return created;
    }

    /** Creates the partition of {@code month} unless it exists; its name when it was created now. */
    public Optional<String> ensure(YearMonth month) {
        String name = "cost_event_" + month.format(SUFFIX);
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atDay(1);
        try {
            return ds.dialect() != Dialect.POSTGRESQL ? Optional.empty()
                    : store.write(c -> create(c, name, from, to));
        } catch (RuntimeException e) {
            LOG.warnf("cannot create partition %s (%s): its events stay in cost_event_default", name, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> create(Connection c, String name, LocalDate from, LocalDate to)
            throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
        }
        try (PreparedStatement exists = c.prepareStatement(
                "select 1 from pg_class where relname = ? and relnamespace = current_schema()::regnamespace")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return Optional.empty();
                }
            }
        }
        try (Statement ddl = c.createStatement()) {
            // names and bounds come from YearMonth, never from input
            ddl.execute("create table " + name + " partition of cost_event for values from ('" + from + "') to ('" + to + "')");
        }
        return Optional.of(name);
    }
}
