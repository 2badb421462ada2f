package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Keys and bodies shared by the gateway's HTTP tests (keys are defined in application.properties, %test profile). */
final class GatewayTestSupport {
    static final String KEY = "tg-test-acme";
    static final String LIMITED_KEY = "tg-test-limited";
    static final String NO_CACHE_KEY = "tg-test-nocache";
    static final String CHAT = "/v1/chat/completions";
    static final String VALID_CHAT = """
            {"model": "auto", "messages": [{"role": "user", "content": "What is a token bucket?"}]}""";

    private GatewayTestSupport() {
    }

    static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON);
    }
}
