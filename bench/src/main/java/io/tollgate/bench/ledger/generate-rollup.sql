-- 10,000,000 generate events of tenant bench-q in October 2026 (UTC), aggregated into the hourly and daily rollups
-- exactly as ingest would (one row per hour x team x api key x model, and per day x the same), plus 3 other tenants
-- (3M events each) so the tenant filter matters. The raw cost_event rows are not materialised: finance reads never
-- touch them. Run against a schema the ledger has migrated:
--   psql -h 127.0.0.1 -U postgres test -v schema=ledger_bench -f bench/src/main/java/io/tollgate/bench/ledger/generate-rollup.sql
set search_path = :schema;
delete from cost_rollup_hourly where tenant in ('bench-q', 'bench-o1', 'bench-o2', 'bench-o3');
delete from cost_rollup_daily where tenant in ('bench-q', 'bench-o1', 'bench-o2', 'bench-o3');
insert into cost_rollup_hourly (hour_bucket, tenant, team, api_key_id, model, provider, stage, outcome, events,
    unpriced_events, input_tokens, output_tokens, cost_nanos, baseline_cost_nanos)
select timestamp '2026-10-01' + (g % 744) * interval '1 hour', t.tenant,
       (array['search','support','ads','research','billing','mobile','web','data'])[1 + (g / 744) % 8],
       'key-' || ((g / 5952) % 16),
       (array['gpt-4o-mini','gpt-4o','claude-3-5-haiku','mistralai/mistral-7b-chat'])[1 + (g / 95232) % 4],
       'openai', 'generate', 'routed', count(*), 0, sum(200 + g % 800), sum(50 + g % 400),
       sum((200 + g % 800) * 150 + (50 + g % 400) * 600), sum((200 + g % 800) * 2500 + (50 + g % 400) * 10000)
from (values ('bench-q', 10000000), ('bench-o1', 3000000), ('bench-o2', 3000000), ('bench-o3', 3000000)) t(tenant, n),
     lateral generate_series(0, t.n - 1) g
group by 1, 2, 3, 4, 5;
insert into cost_rollup_daily (day_bucket, tenant, team, api_key_id, model, provider, stage, outcome, events,
    unpriced_events, input_tokens, output_tokens, cost_nanos, baseline_cost_nanos, batching_saved_nanos)
select date_trunc('day', hour_bucket), tenant, team, api_key_id, model, provider, stage, outcome, sum(events),
    sum(unpriced_events), sum(input_tokens), sum(output_tokens), sum(cost_nanos), sum(baseline_cost_nanos),
    sum(batching_saved_nanos)
from cost_rollup_hourly where tenant in ('bench-q', 'bench-o1', 'bench-o2', 'bench-o3')
group by 1, 2, 3, 4, 5, 6, 7, 8;
analyze cost_rollup_hourly;
analyze cost_rollup_daily;
select 'hourly' grain, tenant, count(*) rollup_rows, sum(events) events from cost_rollup_hourly
    where tenant like 'bench-%' group by tenant
union all
select 'daily', tenant, count(*), sum(events) from cost_rollup_daily where tenant like 'bench-%' group by tenant
order by 1, 2;
