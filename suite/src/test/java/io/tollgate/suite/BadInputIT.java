package io.tollgate.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input through the gateway gets OpenAI-style error JSON with the right 4xx, and every service stays up. */
@Tag("slow")
@ExtendWith(SharedSuite.class)
class BadInputIT {

    private Suite suite;

    private GatewayClient.Reply post(Suite suite, String key, String body) throws Exception {
        this.suite = suite;
        return new GatewayClient(suite.gatewayUrl(), suite.ledgerUrl())
                .post(suite.gatewayUrl() + "/v1/chat/completions", key, body, "application/json");
    }

    private static void assertError(GatewayClient.Reply r, int status, String code) {
        assertEquals(status, r.status(), r.raw());
        assertNotNull(r.requestId(), "errors carry x-request-id too");
        assertTrue(r.body().path("error").isObject(), r.raw());
        assertFalse(r.body().path("error").path("message").asText().isBlank(), r.raw());
        assertFalse(r.body().path("error").path("type").asText().isBlank(), r.raw());
        assertEquals(code, r.body().path("error").path("code").asText(), r.raw());
    }

    @Test
    void malformedJsonIs400(Suite suite) throws Exception {
        assertError(post(suite, Demo.ACME_SEARCH, "{\"model\": \"gpt-4o-mini\", \"messages\": [ {"), 400, "invalid_json");
    }

    @Test
    void missingMessagesIs400NamingTheParam(Suite suite) throws Exception {
        GatewayClient.Reply r = post(suite, Demo.ACME_SEARCH, "{\"model\": \"gpt-4o-mini\"}");
        assertError(r, 400, "invalid_request");
        assertEquals("messages", r.body().path("error").path("param").asText(), r.raw());
    }

    @Test
    void unknownModelIs404(Suite suite) throws Exception {
        GatewayClient.Reply r = post(suite, Demo.ACME_SEARCH,
                "{\"model\": \"no-such-model-" + UUID.randomUUID() + "\", \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertError(r, 404, "model_not_found");
    }

    @Test
    void missingKeyIs401(Suite suite) throws Exception {
        assertError(post(suite, null, "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]}"),
                401, "invalid_api_key");
    }

    @Test
    void wrongKeyIs401(Suite suite) throws Exception {
        assertError(post(suite, "tg-not-a-key", "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\":\"user\",\"content\":\"hi\"}]}"),
                401, "invalid_api_key");
    }

    @Test
    void oversizedBodyIs413(Suite suite) throws Exception {
        String huge = "x".repeat(12 * 1024 * 1024);
        GatewayClient.Reply r = post(suite, Demo.ACME_SEARCH,
                "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\":\"user\",\"content\":\"" + huge + "\"}]}");
        assertEquals(413, r.status(), r.raw().length() > 500 ? r.raw().substring(0, 500) : r.raw());
        assertEquals("request_too_large", r.body().path("error").path("code").asText(), r.raw());
    }

    @AfterEach
    void everyServiceStaysUpAndStillAnswers() throws Exception {
        if (suite == null) {
            return;
        }
        for (String name : suite.specs().keySet()) {
            assertTrue(suite.isAlive(name), name + " died:\n" + suite.tail(name));
        }
        GatewayClient.Reply ok = post(suite, Demo.ACME_SEARCH,
                "{\"model\": \"gpt-4o-mini\", \"temperature\": 0, \"messages\": [{\"role\":\"user\",\"content\":\"still there?\"}]}");
        assertEquals(200, ok.status(), ok.raw());
    }
}
