-- Raw cost events: append-only, one row per event id (the idempotency key). Times are UTC timestamps.
create table cost_event (
    event_id               varchar(64)  primary key,
    request_id             varchar(64)  not null,
    event_time             timestamp    not null,
    tenant                 varchar(128) not null,
    team                   varchar(128) not null,
    api_key_id             varchar(128) not null,
    service                varchar(64)  not null,
    provider               varchar(64)  not null,
    model                  varchar(256) not null,
    stage                  varchar(16)  not null,
    outcome                varchar(32)  not null,
    input_tokens           bigint       not null,
    output_tokens          bigint       not null,
    cached_tokens          bigint       not null,
    compute_micros         bigint       not null,
    lookups                bigint       not null,
    baseline_model         varchar(256) not null,
    baseline_input_tokens  bigint       not null,
    baseline_output_tokens bigint       not null,
    reported_cost_nanos    bigint,
    cost_nanos             bigint,
    baseline_cost_nanos    bigint,
    priced                 boolean      not null,
    baseline_priced        boolean      not null,
    attributes             varchar(65536)         not null
);
create index cost_event_request on cost_event (request_id);
create index cost_event_unpriced on cost_event (priced, model);
create index cost_event_baseline_unpriced on cost_event (baseline_priced, baseline_model);
create index cost_event_tenant_time on cost_event (tenant, event_time);

-- Hourly rollup maintained in the same transaction as the events: finance queries read only this table.
create table cost_rollup_hourly (
    hour_bucket         timestamp    not null,
    tenant              varchar(128) not null,
    team                varchar(128) not null,
    api_key_id          varchar(128) not null,
    model               varchar(256) not null,
    provider            varchar(64)  not null,
    stage               varchar(16)  not null,
    outcome             varchar(32)  not null,
    events              bigint       not null,
    unpriced_events     bigint       not null,
    input_tokens        bigint       not null,
    output_tokens       bigint       not null,
    cost_nanos          bigint       not null,
    baseline_cost_nanos bigint       not null,
    primary key (hour_bucket, tenant, team, api_key_id, model, provider, stage, outcome)
);

-- Prices added through the API; overlaid on the shipped catalogue at start-up.
create table model_price (
    model          varchar(256) not null,
    effective_from date         not null,
    entry_json     varchar(65536)         not null,
    created_at     timestamp    not null,
    primary key (model, effective_from)
);
