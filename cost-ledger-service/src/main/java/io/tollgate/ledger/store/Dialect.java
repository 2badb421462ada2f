package io.tollgate.ledger.store;

/** The SQL that differs between PostgreSQL and H2: idempotent insert and additive upsert. */
enum Dialect {
    POSTGRESQL {
        @Override
        String insertEventIfAbsent(String columns, String params) {
            return "insert into cost_event (" + columns + ") values (" + params + ") on conflict (event_id) do nothing";
        }

        @Override
        String addToRollup() {
            return "insert into cost_rollup_hourly (" + ROLLUP_COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                    + " on conflict (" + ROLLUP_KEY + ") do update set"
                    + " events = cost_rollup_hourly.events + excluded.events,"
                    + " unpriced_events = cost_rollup_hourly.unpriced_events + excluded.unpriced_events,"
                    + " input_tokens = cost_rollup_hourly.input_tokens + excluded.input_tokens,"
                    + " output_tokens = cost_rollup_hourly.output_tokens + excluded.output_tokens,"
                    + " cost_nanos = cost_rollup_hourly.cost_nanos + excluded.cost_nanos,"
                    + " baseline_cost_nanos = cost_rollup_hourly.baseline_cost_nanos + excluded.baseline_cost_nanos";
        }
    },
    /** Embedded: one process, writes serialized by the store, so "insert where not exists" cannot race. */
    H2 {
        @Override
        String insertEventIfAbsent(String columns, String params) {
            return "insert into cost_event (" + columns + ") select " + params
                    + " where not exists (select 1 from cost_event where event_id = ?)";
        }

        @Override
        String addToRollup() {
            return "merge into cost_rollup_hourly t using (select cast(? as timestamp) hour_bucket,"
                    + " cast(? as varchar) tenant, cast(? as varchar) team, cast(? as varchar) api_key_id,"
                    + " cast(? as varchar) model, cast(? as varchar) provider, cast(? as varchar) stage,"
                    + " cast(? as varchar) outcome, cast(? as bigint) events, cast(? as bigint) unpriced_events,"
                    + " cast(? as bigint) input_tokens, cast(? as bigint) output_tokens, cast(? as bigint) cost_nanos,"
                    + " cast(? as bigint) baseline_cost_nanos) s"
                    + " on (t.hour_bucket = s.hour_bucket and t.tenant = s.tenant and t.team = s.team"
                    + " and t.api_key_id = s.api_key_id and t.model = s.model and t.provider = s.provider"
                    + " and t.stage = s.stage and t.outcome = s.outcome)"
                    + " when matched then update set events = t.events + s.events,"
                    + " unpriced_events = t.unpriced_events + s.unpriced_events,"
                    + " input_tokens = t.input_tokens + s.input_tokens, output_tokens = t.output_tokens + s.output_tokens,"
                    + " cost_nanos = t.cost_nanos + s.cost_nanos,"
                    + " baseline_cost_nanos = t.baseline_cost_nanos + s.baseline_cost_nanos"
                    + " when not matched then insert (" + ROLLUP_COLUMNS + ") values (s.hour_bucket, s.tenant, s.team,"
                    + " s.api_key_id, s.model, s.provider, s.stage, s.outcome, s.events, s.unpriced_events,"
                    + " s.input_tokens, s.output_tokens, s.cost_nanos, s.baseline_cost_nanos)";
        }

        @Override
        boolean repeatsEventIdParam() {
            return true;
        }
    };

    static final String ROLLUP_KEY = "hour_bucket, tenant, team, api_key_id, model, provider, stage, outcome";
    static final String ROLLUP_COLUMNS = ROLLUP_KEY
            + ", events, unpriced_events, input_tokens, output_tokens, cost_nanos, baseline_cost_nanos";

    abstract String insertEventIfAbsent(String columns, String params);

    /** Parameters in {@link #ROLLUP_COLUMNS} order; adds to an existing row or inserts it. */
    abstract String addToRollup();

    /** Whether the insert takes the event id once more at the end (for its "not exists" check). */
    boolean repeatsEventIdParam() {
        return false;
    }
}
