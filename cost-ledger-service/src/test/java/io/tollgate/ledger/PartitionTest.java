package io.tollgate.ledger;

import static io.tollgate.ledger.LedgerTestSupport.generate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.common.id.Ids;
import io.tollgate.contracts.ledger.v1.AppendRequest;
import io.tollgate.contracts.ledger.v1.AppendResponse;
import io.tollgate.contracts.ledger.v1.CostEvent;
import io.tollgate.contracts.ledger.v1.LedgerServiceGrpc;
import io.tollgate.ledger.store.PartitionMaintainer;

/** Raw events in PostgreSQL are partitioned by month; idempotency holds per (event id, time). */
@QuarkusTest
class PartitionTest {
    private static final String SCHEMA = "ledger_test";

    @GrpcClient("ledger")
    LedgerServiceGrpc.LedgerServiceBlockingStub ledger;

    @Inject
    PartitionMaintainer partitions;

    @Test
    void thisMonthAndTheNextThreeHaveTheirPartitionAtStart() throws Exception {
        List<String> names = partitionNames();
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= 3; i++) {
            String want = "cost_event_" + now.plusMonths(i).format(DateTimeFormatter.ofPattern("yyyy_MM"));
            assertTrue(names.contains(want), want + " in " + names);
        }
        assertTrue(names.contains("cost_event_default"), names.toString());
        assertTrue(partitions.ensureAhead().isEmpty(), "a second run creates nothing");
    }

    @Test
    void eventsLandInTheirMonthAndFarOnesInTheDefaultPartition() throws Exception {
        String tenant = "t-" + Ids.newId().substring(24);
        CostEvent current = generate(Ids.newId(), tenant, "gpt-4o-mini", 100, 0, 10).build();
        CostEvent old = generate(Ids.newId(), tenant, "gpt-4o-mini", 100, 0, 10)
                .setTimeUnixMicros(Instant.parse("2019-01-15T10:00:00Z").getEpochSecond() * 1_000_000).build();
        assertEquals(2, ledger.append(AppendRequest.newBuilder().addEvents(current).addEvents(old).build()).getAccepted());

        assertEquals("cost_event_" + YearMonth.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy_MM")),
                partitionOf(current.getEventId()));
        assertEquals("cost_event_default", partitionOf(old.getEventId()));
        // January 2019 already has rows in the default partition: it cannot get its own, and nothing is lost
        assertTrue(partitions.ensure(YearMonth.of(2019, 1)).isEmpty());
        assertEquals("cost_event_default", partitionOf(old.getEventId()));
    }

    @Test
    void anEventWithoutTimeTakesItsUuidV7TimeSoARetryIsADuplicate() throws Exception {
        String tenant = "t-" + Ids.newId().substring(24);
        CostEvent untimed = generate(Ids.newId(), tenant, "gpt-4o-mini", 100, 0, 10).setTimeUnixMicros(0).build();
        AppendRequest batch = AppendRequest.newBuilder().addEvents(untimed).build();
        assertEquals(1, ledger.append(batch).getAccepted());
        Thread.sleep(5); // a receipt-time rule would give the retry another time, and a second row
        AppendResponse retry = ledger.append(batch);
        assertEquals(0, retry.getAccepted());
        assertEquals(1, retry.getDuplicates());
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select count(*), min(event_time) from " + SCHEMA + ".cost_event where event_id = ?")) {
            ps.setString(1, untimed.getEventId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                Instant stored = rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC);
                assertEquals(Ids.timeOfV7(untimed.getEventId()).orElseThrow(), stored);
            }
        }
    }

    private static List<String> partitionNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select child.relname from pg_inherits"
                + " join pg_class parent on parent.oid = inhparent join pg_class child on child.oid = inhrelid"
                + " join pg_namespace n on n.oid = parent.relnamespace where parent.relname = 'cost_event' and n.nspname = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String partitionOf(String eventId) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select tableoid::regclass::text from " + SCHEMA + ".cost_event where event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "stored: " + eventId);
                String table = rs.getString(1);
                return table.substring(table.indexOf('.') + 1);
            }
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    }
}
