-- Raw events partitioned by month of event_time: old months can be detached or dropped (retention) without touching
-- the rollups, and indexes stay per-month-sized. PostgreSQL requires the partition key in every unique constraint, so
-- the idempotency key becomes (event_id, event_time): a retried event carries its first copy's time (hops set it;
-- where one does not, the ledger takes the time inside the UUIDv7 event id), so it meets that copy in the same
-- partition. `PartitionMaintainer` creates the months ahead at start-up and daily; a row outside every month lands in
-- the default partition.
drop index cost_event_request;
drop index cost_event_unpriced;
drop index cost_event_baseline_unpriced;
drop index cost_event_time_brin;
alter table cost_event drop constraint cost_event_pkey;
alter table cost_event rename to cost_event_unpartitioned;

create table cost_event (like cost_event_unpartitioned including defaults) partition by range (event_time);
alter table cost_event add constraint cost_event_pkey primary key (event_id, event_time);
create index cost_event_request on cost_event (request_id);
create index cost_event_unpriced on cost_event (model) where not priced;
create index cost_event_baseline_unpriced on cost_event (baseline_model) where not baseline_priced;
create index cost_event_time_brin on cost_event using brin (event_time);
create table cost_event_default partition of cost_event default;

do $$
declare
    m date := date_trunc('month', coalesce((select min(event_time) from cost_event_unpartitioned), now()))::date;
    last date := (date_trunc('month', now()) + interval '3 months')::date;
begin
    while m <= last loop
        execute format('create table %I partition of cost_event for values from (%L) to (%L)',
                       'cost_event_' || to_char(m, 'YYYY_MM'), m, (m + interval '1 month')::date);
        m := (m + interval '1 month')::date;
    end loop;
end $$;

insert into cost_event select * from cost_event_unpartitioned;
drop table cost_event_unpartitioned;
