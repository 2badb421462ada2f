-- Finance reads of one tenant over a range (and budget checks) seek by tenant, then hour: without it they scan every
-- tenant's rows of the range.
create index cost_rollup_tenant_hour on cost_rollup_hourly (tenant, hour_bucket);
