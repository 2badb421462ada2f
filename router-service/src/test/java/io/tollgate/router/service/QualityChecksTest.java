package io.tollgate.router.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.tollgate.common.price.PriceCatalogue;
import io.tollgate.router.config.ModelCatalogue;

/** The cascade's and the shadow check's settings against the shipped catalogue: resolved, or start fails saying why. */
class QualityChecksTest {
    private static final ModelCatalogue CATALOGUE = new ModelCatalogue("tollgate/router-catalogue.json",
            PriceCatalogue.loadDefault(), ConfigProvider.getConfig());

    private static QualityChecks checks(String... keyValues) {
        return new QualityChecks(TestConfig.router(keyValues), CATALOGUE);
    }

    private static Caller caller(String tenant) {
        return new Caller("req-1", tenant, "team", "key", "gpt-4-1106-preview");
    }

    @Test
    void defaultsAreTheEvaluatedPairEscalatingToTheDearestModelAndNothingSampled() {
        QualityChecks c = checks();
        assertEquals("mistralai/mixtral-8x7b-chat", c.pair().get(0).id());
        assertEquals("zero-one-ai/Yi-34B-Chat", c.pair().get(1).id());
        String dearest = CATALOGUE.chatModelsByCost().get(CATALOGUE.chatModelsByCost().size() - 1).id();
        assertEquals(dearest, c.escalation().id());
        assertEquals(dearest, c.shadowModel().id());
        assertFalse(c.cascades(caller("acme")));
        assertFalse(c.sampleShadow(caller("acme"), c.pair().get(0)));
    }

    @Test
    void tenantsOverrideTheCascadeAndTheShadowRate() {
        QualityChecks c = checks("tollgate.router.tenants.acme.cascade", "true",
                "tollgate.router.tenants.acme.shadow-sample-rate", "1",
                "tollgate.router.shadow.model", "gpt-4o");
        assertTrue(c.cascades(caller("acme")));
        assertFalse(c.cascades(caller("other")));
        assertTrue(c.sampleShadow(caller("acme"), c.pair().get(0)));
        assertFalse(c.sampleShadow(caller("acme"), c.shadowModel()), "the shadow model's own answers are not shadowed");
        assertFalse(c.sampleShadow(caller("other"), c.pair().get(0)));
    }

    @Test
    void wrongSettingsFailStartNamingTheSetting() {
        assertMessage("tollgate.router.cascade.models names 'gpt-17', which is not in the model catalogue",
                "tollgate.router.cascade.models", "gpt-17,gpt-4o");
        assertMessage("tollgate.router.cascade.models must name two different catalogue chat models",
                "tollgate.router.cascade.models", "gpt-4o,gpt-4o");
        assertMessage("tollgate.router.cascade.escalate-to names 'all-minilm-l6-v2', which is an embedding model",
                "tollgate.router.cascade.escalate-to", "all-minilm-l6-v2");
        assertMessage("tollgate.router.shadow.model names 'nope'", "tollgate.router.shadow.model", "nope");
        assertMessage("tollgate.router.tenants.acme.shadow-sample-rate must be within 0..1, was 1.5",
                "tollgate.router.tenants.acme.shadow-sample-rate", "1.5");
    }

    private static void assertMessage(String expected, String key, String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> checks(key, value));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
