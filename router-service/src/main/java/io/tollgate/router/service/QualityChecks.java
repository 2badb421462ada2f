package io.tollgate.router.service;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.tollgate.router.config.CatalogueEntry;
import io.tollgate.router.config.ModelCatalogue;
import io.tollgate.router.config.RouterConfig;

/**
 * The models of the cascade and of the shadow quality check ({@link RouterConfig.Cascade}, {@link RouterConfig.Shadow}),
 * resolved against the catalogue once at start: a setting that names no catalogue chat model, a pair that is not two
 * different models, or a sample rate outside 0..1 fails start with a message naming the setting. Then, per request,
 * whether the caller's tenant cascades and whether this answer is sampled for a shadow call.
 */
@ApplicationScoped
@Startup
public class QualityChecks {
    private final RouterConfig config;
    private final List<CatalogueEntry> pair;
    private final CatalogueEntry escalation;
    private final CatalogueEntry shadow;

    public QualityChecks(RouterConfig config, ModelCatalogue catalogue) {
        this.config = config;
        List<String> ids = config.cascade().models();
        if (ids.size() != 2 || ids.get(0).equals(ids.get(1))) {
            throw new IllegalStateException("tollgate.router.cascade.models must name two different catalogue chat "
                    + "models, was " + ids);
        }
        this.pair = ids.stream().map(id -> chat(catalogue, id, "tollgate.router.cascade.models")).toList();
        CatalogueEntry dearest = catalogue.chatModelsByCost().get(catalogue.chatModelsByCost().size() - 1);
        this.escalation = config.cascade().escalateTo()
                .map(id -> chat(catalogue, id, "tollgate.router.cascade.escalate-to")).orElse(dearest);
        this.shadow = config.shadow().model().map(id -> chat(catalogue, id, "tollgate.router.shadow.model")).orElse(dearest);
        rate(config.shadow().sampleRate(), "tollgate.router.shadow.sample-rate");
        config.tenants().forEach((tenant, t) -> t.shadowSampleRate()
                .ifPresent(r -> rate(r, "tollgate.router.tenants." + tenant + ".shadow-sample-rate")));
    }

    /** The two cheap models, in the configured order (the first one's answer is served when they agree). */
    public List<CatalogueEntry> pair() {
        return pair;
    }

    public CatalogueEntry escalation() {
        return escalation;
    }

    public CatalogueEntry shadowModel() {
        return shadow;
    }

    public boolean cascades(Caller caller) {
        RouterConfig.Tenant t = config.tenants().get(caller.tenant());
        return t != null && t.cascade().isPresent() ? t.cascade().get() : config.cascade().enabled();
    }

    /** Draws whether an answer of {@code answeredBy} for this caller gets a shadow call. */
    public boolean sampleShadow(Caller caller, CatalogueEntry answeredBy) {
        if (answeredBy.id().equals(shadow.id())) {
            return false;
        }
        RouterConfig.Tenant t = config.tenants().get(caller.tenant());
        double rate = t != null && t.shadowSampleRate().isPresent() ? t.shadowSampleRate().get() : config.shadow().sampleRate();
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    private static CatalogueEntry chat(ModelCatalogue catalogue, String id, String setting) {
        CatalogueEntry m = catalogue.find(id).orElseThrow(() -> new IllegalStateException(
                setting + " names '" + id + "', which is not in the model catalogue"));
        if (!m.isChat()) {
            throw new IllegalStateException(setting + " names '" + id + "', which is an embedding model, not a chat model");
        }
        return m;
    }

    private static void rate(double r, String setting) {
        if (!(r >= 0 && r <= 1)) {
            throw new IllegalStateException(setting + " must be within 0..1, was " + r);
        }
    }
}
