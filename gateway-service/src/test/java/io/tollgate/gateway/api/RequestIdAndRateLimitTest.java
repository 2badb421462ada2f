package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;
import static io.tollgate.gateway.api.GatewayTestSupport.CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.VALID_CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.authorized;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class RequestIdAndRateLimitTest {

    @Test
    void everyResponseCarriesAFreshUuidV7() {
        String a = authorized().body(VALID_CHAT).post(CHAT).header("x-request-id");
        String b = given().get("/v1/unknown").header("x-request-id");
        String c = given().get("/q/health/live").header("x-request-id");
        for (String id : new String[] { a, b, c }) {
            assertEquals(7, UUID.fromString(id).version(), id);
        }
        assertNotEquals(a, b);
    }

    @Test
    void saneCallerRequestIdIsKept() {
        String mine = "0190b5a2-7c1e-7abc-8def-0123456789ab";
        authorized().header("x-request-id", mine.toUpperCase()).body(VALID_CHAT).post(CHAT).then()
                .header("x-request-id", mine);
    }

    @Test
    void insaneCallerRequestIdIsReplaced() {
        String evil = "abc\"; drop table";
        String id = authorized().header("x-request-id", evil).body(VALID_CHAT).post(CHAT).header("x-request-id");
        assertNotEquals(evil, id);
        assertEquals(7, UUID.fromString(id).version());
    }

    @Test
    void keyOverItsBurstGets429WithRetryAfter() {
        // burst 2, refill 0.001/s: the third request inside one test run cannot have a token.
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + GatewayTestSupport.LIMITED_KEY).contentType(ContentType.JSON)
                    .body(VALID_CHAT).post(CHAT).then().statusCode(502);
        }
        Response limited = given().header("Authorization", "Bearer " + GatewayTestSupport.LIMITED_KEY)
                .contentType(ContentType.JSON).body(VALID_CHAT).post(CHAT);
        limited.then().statusCode(429)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("rate_limit_exceeded"));
        assertTrue(Long.parseLong(limited.header("retry-after")) >= 1, "retry-after in whole seconds");
        // Other keys are not affected by this key's bucket.
        authorized().body(VALID_CHAT).post(CHAT).then().statusCode(502);
    }
}
