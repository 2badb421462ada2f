package io.tollgate.ledger.store;

import java.util.Collections;

/**
 * The SQL that differs between PostgreSQL and H2: idempotent insert and additive upsert of rollup rows. PostgreSQL
 * takes a whole batch in one statement ({@code unnest} of one array per column); H2 takes one row per parameter set.
 */
enum Dialect {
    POSTGRESQL {
        @Override
        String insertEventsIfAbsent(String columns, String unnestSelect) {
            return "insert into cost_event (" + columns + ") " + unnestSelect
                    + " on conflict (event_id, event_time) do nothing returning event_id, event_time";
        }

        @Override
        String addToRollup(Rollup table) {
            StringBuilder sql = new StringBuilder("insert into ").append(table.table).append(" (")
                    .append(table.bucketColumn).append(", ").append(ROLLUP_DIMENSIONS).append(", ").append(ROLLUP_SUMS)
                    .append(") select timestamp '1970-01-01' + b * interval '1 microsecond', ").append(ROLLUP_DIMENSIONS)
                    .append(", ").append(ROLLUP_SUMS).append(" from unnest(?::bigint[]")
                    .append(String.join("", Collections.nCopies(7, ", ?::varchar[]")))
                    .append(String.join("", Collections.nCopies(SUM_NAMES.length, ", ?::bigint[]")))
                    .append(") u(b, ").append(ROLLUP_DIMENSIONS).append(", ").append(ROLLUP_SUMS)
                    .append(") on conflict (").append(table.bucketColumn).append(", ").append(ROLLUP_DIMENSIONS)
                    .append(") do update set ");
            for (int i = 0; i < SUM_NAMES.length; i++) {
                sql.append(i == 0 ? "" : ", ").append(SUM_NAMES[i]).append(" = ").append(table.table).append('.')
                        .append(SUM_NAMES[i]).append(" + excluded.").append(SUM_NAMES[i]);
            }
            return sql.toString();
        }
    },
    /** Embedded: one process, writes serialized by the store, so "insert where not exists" cannot race. */
    H2 {
        @Override
        String insertEventsIfAbsent(String columns, String params) {
            return "insert into cost_event (" + columns + ") select " + params
                    + " where not exists (select 1 from cost_event where event_id = ?)";
        }

        @Override
        String addToRollup(Rollup table) {
            String b = table.bucketColumn;
            StringBuilder source = new StringBuilder("select cast(? as timestamp) ").append(b);
            for (String d : ROLLUP_DIMENSIONS.split(", ")) {
                source.append(", cast(? as varchar) ").append(d);
            }
            StringBuilder update = new StringBuilder();
            StringBuilder values = new StringBuilder("s.").append(b);
            for (String d : ROLLUP_DIMENSIONS.split(", ")) {
                values.append(", s.").append(d);
            }
            for (int i = 0; i < SUM_NAMES.length; i++) {
                source.append(", cast(? as bigint) ").append(SUM_NAMES[i]);
                update.append(i == 0 ? "" : ", ").append(SUM_NAMES[i]).append(" = t.").append(SUM_NAMES[i])
                        .append(" + s.").append(SUM_NAMES[i]);
                values.append(", s.").append(SUM_NAMES[i]);
            }
            StringBuilder on = new StringBuilder("t.").append(b).append(" = s.").append(b);
            for (String d : ROLLUP_DIMENSIONS.split(", ")) {
                on.append(" and t.").append(d).append(" = s.").append(d);
            }
            return "merge into " + table.table + " t using (" + source + ") s on (" + on + ")"
                    + " when matched then update set " + update
                    + " when not matched then insert (" + b + ", " + ROLLUP_DIMENSIONS + ", " + ROLLUP_SUMS + ")"
                    + " values (" + values + ")";
        }

        @Override
        boolean repeatsEventIdParam() {
            return true;
        }
    };

    /** The two rollup grains, both kept current in the transaction that inserts the events. */
    enum Rollup {
        HOURLY("cost_rollup_hourly", "hour_bucket"),
        DAILY("cost_rollup_daily", "day_bucket");

        final String table;
        final String bucketColumn;

        Rollup(String table, String bucketColumn) {
            this.table = table;
            this.bucketColumn = bucketColumn;
        }
    }

    static final String ROLLUP_DIMENSIONS = RollupSource.DIMENSIONS;
    static final String ROLLUP_SUMS = RollupSource.SUMS;
    static final String[] SUM_NAMES = ROLLUP_SUMS.split(", ");

    /**
     * PostgreSQL: one statement for the batch, {@code params} a select from {@code unnest} of one array per column,
     * returning the (event_id, event_time) keys it inserted (the table is partitioned by month of event_time, so its
     * unique key includes the time). H2: one row per parameter set, {@code params} one per column.
     */
    abstract String insertEventsIfAbsent(String columns, String params);

    /**
     * PostgreSQL: parameters are arrays, one per column (bucket as epoch micros, dimensions, sums); H2: one row per
     * parameter set.
     * Adds to existing rows or inserts them.
     */
    abstract String addToRollup(Rollup table);

    /** Whether the H2 insert takes the event id once more at the end (for its "not exists" check). */
    boolean repeatsEventIdParam() {
        return false;
    }
}
