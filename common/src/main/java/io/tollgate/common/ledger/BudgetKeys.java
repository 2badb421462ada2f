package io.tollgate.common.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The Redis key space of budgets, shared by the ledger (writes limits) and every gateway replica (reserves and
 * settles spend). One place, so the two sides cannot drift.
 *
 * <pre>
 * {prefix}budget:{&lt;tenant&gt;}:limit:&lt;team&gt;:&lt;period&gt;              string: limit in nano-USD (no TTL; the ledger owns it)
 * {prefix}budget:{&lt;tenant&gt;}:use:&lt;team&gt;:&lt;period&gt;:&lt;yyyymmdd&gt;   hash {spent, reserved} in nano-USD, TTL: period end + 1 day
 * </pre>
 * Tenant and team are length-prefixed ({@code 4.acme}) so keys are prefix-free whatever the ids contain; an empty
 * team ({@code 0.}) is the tenant-wide budget. The braces make the tenant a Redis Cluster hash tag, so one Lua script
 * may touch all of a tenant's keys. Periods are calendar-aligned in UTC.
 */
public final class BudgetKeys {
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private BudgetKeys() {
    }

    public enum Period {
        DAY, MONTH;

        public LocalDate start(Instant at) {
            LocalDate d = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return this == DAY ? d : d.withDayOfMonth(1);
        }

        public LocalDate end(LocalDate start) {
            return this == DAY ? start.plusDays(1) : start.plusMonths(1);
        }

        public String wire() {
            return name().toLowerCase();
        }

        public static Period fromWire(String v) {
            return Period.valueOf(v.strip().toUpperCase());
        }
    }

    public static String limitKey(String prefix, String tenant, String team, Period period) {
        return prefix + "budget:{" + enc(tenant) + "}:limit:" + enc(team) + ":" + period.wire();
    }

    public static String useKey(String prefix, String tenant, String team, Period period, LocalDate start) {
        return prefix + "budget:{" + enc(tenant) + "}:use:" + enc(team) + ":" + period.wire() + ":" + DAY.format(start);
    }

    /** Seconds a use key lives: to the end of its period plus a day of grace for late settles and status reads. */
    public static long useTtlSeconds(Period period, LocalDate start, Instant now) {
        long end = period.end(start).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return Math.max(60, end - now.getEpochSecond() + 86_400);
    }

    private static String enc(String v) {
        String s = v == null ? "" : v;
        return s.length() + "." + s;
    }
}
