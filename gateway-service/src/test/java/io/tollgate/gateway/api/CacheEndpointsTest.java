package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;
import static io.tollgate.gateway.api.GatewayTestSupport.CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.VALID_CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.authorized;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * {@code /v1/cache/*} at the edge: authentication first, then the body, then the cache service (here on a dead port:
 * these calls are not fail-open, the caller learns its judgement was not taken). The happy paths run against the real
 * cache service in the suite's {@code CacheFeedbackIT}.
 */
@QuarkusTest
class CacheEndpointsTest {
    private static final String FEEDBACK = "/v1/cache/feedback";
    private static final String INVALIDATE = "/v1/cache/invalidate";

    @Test
    void feedbackWithoutAKeyIs401EvenWithABadBody() {
        given().contentType(ContentType.JSON).body("{}").post(FEEDBACK).then()
                .statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"correct": true}                          | request_id
            {"request_id": "", "correct": true}        | request_id
            {"request_id": 7, "correct": true}         | request_id
            {"request_id": "r1"}                       | correct
            {"request_id": "r1", "correct": null}      | correct
            {"request_id": "r1", "correct": "false"}   | correct
            """)
    void invalidFeedbackIs400NamingTheParam(String body, String param) {
        authorized().body(body).post(FEEDBACK).then()
                .statusCode(400).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.message", notNullValue());
    }

    @Test
    void feedbackBodyThatIsNotAnObjectIs400InvalidJson() {
        authorized().body("[true]").post(FEEDBACK).then().statusCode(400).body("error.code", equalTo("invalid_json"));
        authorized().body("{\"request_id\": ").post(FEEDBACK).then().statusCode(400).body("error.code", equalTo("invalid_json"));
    }

    @Test
    void validFeedbackWithTheCacheDownIs502NotASilentSuccess() {
        authorized().body("{\"request_id\": \"r1\", \"correct\": false}").post(FEEDBACK).then()
                .statusCode(502).contentType(ContentType.JSON).body("error.code", equalTo("upstream_unavailable"));
    }

    @Test
    void invalidationChecksItsFieldsAndReportsTheCacheDown() {
        authorized().body("{\"model\": 4}").post(INVALIDATE).then().statusCode(400).body("error.param", equalTo("model"));
        authorized().body("{\"tag\": \"\"}").post(INVALIDATE).then().statusCode(400).body("error.param", equalTo("tag"));
        authorized().body("{\"tag\": \"pricing\"}").post(INVALIDATE).then().statusCode(502).body("error.code", equalTo("upstream_unavailable"));
    }

    @Test
    void badCacheTagsOnAChatAre400() {
        authorized().header("x-tollgate-cache-tags", "ok,has space").body(VALID_CHAT).post(CHAT).then()
                .statusCode(400).body("error.param", equalTo("x-tollgate-cache-tags"));
        authorized().header("x-tollgate-cache-tags", "a,b,c,d,e,f,g,h,i").body(VALID_CHAT).post(CHAT).then()
                .statusCode(400).body("error.param", equalTo("x-tollgate-cache-tags"));
    }
}
