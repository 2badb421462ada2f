-- Budgets per tenant (team = '') or per team, per calendar period (UTC day or month).
create table budget (
    budget_id      varchar(64)   primary key,
    tenant         varchar(128)  not null,
    team           varchar(128)  not null,
    period         varchar(8)    not null,
    limit_nanos    bigint        not null,
    thresholds     varchar(256)  not null,
    webhook_url    varchar(2048),
    created_at     timestamp     not null,
    updated_at     timestamp     not null,
    constraint budget_scope unique (tenant, team, period)
);

-- One row per (budget, period, threshold) crossed: the primary key makes "fire once" race-free across replicas.
create table budget_alert (
    budget_id      varchar(64)   not null,
    period_start   date          not null,
    threshold_pct  integer       not null,
    spent_nanos    bigint        not null,
    limit_nanos    bigint        not null,
    fired_at       timestamp     not null,
    delivery       varchar(16)   not null,
    attempts       integer       not null,
    last_error     varchar(1024),
    primary key (budget_id, period_start, threshold_pct)
);
