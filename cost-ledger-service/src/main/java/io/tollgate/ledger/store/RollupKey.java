package io.tollgate.ledger.store;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

import io.tollgate.ledger.service.UsageEvent;

/** One row of a rollup: the UTC bucket start (hour or day) and every dimension finance groups by. */
record RollupKey(LocalDateTime bucket, String tenant, String team, String apiKeyId, String model, String provider,
        String stage, String outcome) {

    /** Upserts in this order in every transaction, so concurrent batches never deadlock on rollup rows. */
    static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::tenant).thenComparing(RollupKey::bucket)
            .thenComparing(RollupKey::team).thenComparing(RollupKey::apiKeyId).thenComparing(RollupKey::model)
            .thenComparing(RollupKey::provider).thenComparing(RollupKey::stage).thenComparing(RollupKey::outcome);

    /** The event's hourly rollup row. */
    static RollupKey of(UsageEvent e) {
        LocalDateTime hour = LocalDateTime.ofInstant(e.time(), ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
        return new RollupKey(hour, e.tenant(), e.team(), e.apiKeyId(), e.model(), e.provider(), e.stage().wire(),
                e.outcome());
    }

    /** The daily row this hourly row adds to. */
    RollupKey day() {
        return new RollupKey(bucket.truncatedTo(ChronoUnit.DAYS), tenant, team, apiKeyId, model, provider, stage, outcome);
    }
}
