-- Ingest is the hot path: the (tenant, event_time) b-tree cost ~22 % of ingest throughput (24.5k -> 31.3k events/s
-- without it, docs/benchmarks.md). Events arrive in time order, so a BRIN index on event_time finds a time range for a
-- few kilobytes and almost no write cost; the raw-event reads (top requests, exports) filter the tenant within the range.
drop index if exists cost_event_tenant_time;
create index cost_event_time_brin on cost_event using brin (event_time);
