package io.tollgate.replay.api;

import io.tollgate.replay.store.RouterBenchStore;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the background load of the recordings has finished (with or without data). */
@Readiness
@Singleton
public class RecordingsReadiness implements HealthCheck {

    private final RouterBenchStore store;

    public RecordingsReadiness(RouterBenchStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("replay-recordings")
                .status(store.isLoaded())
                .withData("recordings", store.size())
                .build();
    }
}
