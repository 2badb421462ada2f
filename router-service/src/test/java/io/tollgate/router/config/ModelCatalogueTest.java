package io.tollgate.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tollgate.common.price.PriceCatalogue;

class ModelCatalogueTest {

    @Test
    void shippedCatalogueIsValidPricedAndOrderedByCost() {
        ModelCatalogue c = new ModelCatalogue("tollgate/router-catalogue.json", PriceCatalogue.loadDefault(),
                ConfigProvider.getConfig());
        assertTrue(c.all().size() >= 13);
        var byCost = c.chatModelsByCost();
        assertEquals("mistralai/mistral-7b-chat", byCost.get(0).id());
        assertTrue(c.estimateNanos(byCost.get(0), 1000, 300) < c.estimateNanos(c.find("gpt-4-1106-preview").orElseThrow(), 1000, 300));
        assertEquals("http://localhost:8090/v1", c.find("gpt-4o").orElseThrow().provider().baseUrl());
    }

    @Test
    void unknownProviderFailsStartWithHowToFix(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, """
                {"providers": {"p": {"type": "openai-compatible", "base-url": "http://x/v1"}},
                 "models": [{"id": "m", "provider": "q", "context-window": 10, "tier": 1}]}""");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ModelCatalogue(f.toString(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig()));
        assertTrue(e.getMessage().contains("names provider 'q', which is not under \"providers\""), e.getMessage());
    }

    @Test
    void aCapacityThatIsNotAPositiveWholeNumberFailsStart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        for (String bad : new String[] { "0", "-2", "1.5", "\"ten\"" }) {
            Files.writeString(f, """
                    {"providers": {"p": {"type": "openai-compatible", "base-url": "http://x/v1"}},
                     "models": [{"id": "gpt-4o", "provider": "p", "context-window": 10, "tier": 1, "max-in-flight": %s}]}"""
                    .formatted(bad));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new ModelCatalogue(f.toString(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig()));
            assertTrue(e.getMessage().contains("has \"max-in-flight\" " + bad + "; give a whole number >= 1"), e.getMessage());
        }
        Files.writeString(f, """
                {"providers": {"p": {"type": "openai-compatible", "base-url": "http://x/v1"}},
                 "models": [{"id": "gpt-4o", "provider": "p", "context-window": 10, "tier": 1, "max-in-flight": 8}]}""");
        assertEquals(8, new ModelCatalogue(f.toString(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig())
                .find("gpt-4o").orElseThrow().maxInFlight());
    }

    @Test
    void unpricedChatModelAndMissingEnvFailStart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, """
                {"providers": {"p": {"type": "openai-compatible", "base-url": "http://x/v1"}},
                 "models": [{"id": "my-private-model", "provider": "p", "context-window": 10, "tier": 1}]}""");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ModelCatalogue(f.toString(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig()));
        assertTrue(e.getMessage().contains("set \"price-model\""), e.getMessage());

        Files.writeString(f, """
                {"providers": {"p": {"type": "openai-compatible", "base-url": "http://x/v1", "api-key": "${TOLLGATE_NO_SUCH_KEY}"}},
                 "models": [{"id": "gpt-4o", "provider": "p", "context-window": 10, "tier": 1}]}""");
        IllegalStateException e2 = assertThrows(IllegalStateException.class,
                () -> new ModelCatalogue(f.toString(), PriceCatalogue.loadDefault(), ConfigProvider.getConfig()));
        assertTrue(e2.getMessage().contains("export TOLLGATE_NO_SUCH_KEY"), e2.getMessage());
    }
}
