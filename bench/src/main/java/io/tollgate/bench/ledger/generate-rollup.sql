-- 10,000,000 generate events of tenant bench-q in October 2026 (UTC), aggregated into the hourly rollup exactly as
-- ingest would (one row per hour x team x api key x model), plus 3 other tenants (3M events each) so the tenant filter
-- matters. Run against a schema the ledger has migrated: psql -h 127.0.0.1 -U postgres test -v schema=ledger_bench -f ...
set search_path = :schema;
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
analyze cost_rollup_hourly;
select tenant, count(*) rollup_rows, sum(events) events from cost_rollup_hourly group by tenant order by tenant;
