package io.tollgate.worker.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.tollgate.worker.service.ModelRegistry;
import io.tollgate.worker.service.ServedModel;

/** Ready when every declared model loaded; otherwise DOWN with each broken model's reason as data. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {
    private final ModelRegistry registry;

    public ModelsReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("models");
        boolean up = !registry.all().isEmpty();
        if (!up) {
            b.withData("error", "no model declared: enable tollgate.worker.builtin-models or set tollgate.worker.model-dir");
        }
        for (ServedModel m : registry.all()) {
            b.withData(m.name(), m.ready() ? "ready (" + m.executionProvider() + ")" : "failed: " + m.error());
            up &= m.ready();
        }
        return b.status(up).build();
    }
}
