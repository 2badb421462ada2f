-- The batching lever: the compute a hop says the work would have used unbatched, and what that would have cost more.
alter table cost_event add column unbatched_compute_micros bigint not null default 0;
alter table cost_event add column batching_saved_nanos bigint not null default 0;
alter table cost_rollup_hourly add column batching_saved_nanos bigint not null default 0;

-- Daily rollup, kept in the same transaction as the hourly one: a month of one tenant is ~30 rows per (team, key,
-- model, ...) here instead of ~720, so month-long finance reads and budget checks stay in milliseconds. Keyed by tenant
-- first: every tenant-scoped read is a range seek on the primary key.
create table cost_rollup_daily (
    day_bucket           timestamp    not null,
    tenant               varchar(128) not null,
    team                 varchar(128) not null,
    api_key_id           varchar(128) not null,
    model                varchar(256) not null,
    provider             varchar(64)  not null,
    stage                varchar(16)  not null,
    outcome              varchar(32)  not null,
    events               bigint       not null,
    unpriced_events      bigint       not null,
    input_tokens         bigint       not null,
    output_tokens        bigint       not null,
    cost_nanos           bigint       not null,
    baseline_cost_nanos  bigint       not null,
    batching_saved_nanos bigint       not null,
    primary key (tenant, day_bucket, team, api_key_id, model, provider, stage, outcome)
);

insert into cost_rollup_daily (day_bucket, tenant, team, api_key_id, model, provider, stage, outcome, events,
    unpriced_events, input_tokens, output_tokens, cost_nanos, baseline_cost_nanos, batching_saved_nanos)
select date_trunc('day', hour_bucket), tenant, team, api_key_id, model, provider, stage, outcome, sum(events),
    sum(unpriced_events), sum(input_tokens), sum(output_tokens), sum(cost_nanos), sum(baseline_cost_nanos),
    sum(batching_saved_nanos)
from cost_rollup_hourly
group by date_trunc('day', hour_bucket), tenant, team, api_key_id, model, provider, stage, outcome;
