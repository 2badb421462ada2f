package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;
import static io.tollgate.gateway.api.GatewayTestSupport.CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.VALID_CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.authorized;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The pipeline with both downstream services down (their ports in the test profile have no listener): the cache
 * fails open (a miss, never an error), the router outage is a 502 in OpenAI JSON, and the cache policy the gateway
 * decides on its own shows in {@code x-tollgate-cache}.
 */
@QuarkusTest
class DownstreamFailureTest {

    @Test
    void cacheDownIsAMissAndRouterDownIs502() {
        authorized().body(VALID_CHAT).post(CHAT).then()
                .statusCode(502)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("upstream_unavailable"))
                .body("error.message", startsWith("The model router did not answer"))
                .header("x-tollgate-cache", "miss")
                .header("x-tollgate-overhead-ms", notNullValue());
    }

    @Test
    void streamedRequestWithRouterDownIsA502JsonErrorNotAStream() {
        authorized().body("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": true}").post(CHAT).then()
                .statusCode(502)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("upstream_unavailable"))
                .header("x-tollgate-cache", "miss");
    }

    @Test
    void noCacheSkipsTheLookup() {
        authorized().header("Cache-Control", "no-cache").body(VALID_CHAT).post(CHAT).then()
                .statusCode(502).header("x-tollgate-cache", "bypass");
    }

    @Test
    void noStoreAloneStillLooksUp() {
        authorized().header("Cache-Control", "no-store").body(VALID_CHAT).post(CHAT).then()
                .statusCode(502).header("x-tollgate-cache", "miss");
    }

    @Test
    void cacheOffHeaderBypassesTheCache() {
        authorized().header("x-tollgate-cache", "off").body(VALID_CHAT).post(CHAT).then()
                .statusCode(502).header("x-tollgate-cache", "bypass");
    }

    @Test
    void exactOnlyHeaderStillLooksUp() {
        authorized().header("x-tollgate-cache", "EXACT").body(VALID_CHAT).post(CHAT).then()
                .statusCode(502).header("x-tollgate-cache", "miss");
    }

    @Test
    void keyWithCacheOffBypassesAndHeaderCanTurnItOn() {
        given().header("Authorization", "Bearer " + GatewayTestSupport.NO_CACHE_KEY).contentType(ContentType.JSON)
                .body(VALID_CHAT).post(CHAT).then().statusCode(502).header("x-tollgate-cache", "bypass");
        given().header("Authorization", "Bearer " + GatewayTestSupport.NO_CACHE_KEY).header("x-tollgate-cache", "semantic")
                .contentType(ContentType.JSON).body(VALID_CHAT).post(CHAT).then().statusCode(502).header("x-tollgate-cache", "miss");
    }

    @Test
    void requestsWithToolsAreNeverCached() {
        authorized().body("""
                {"messages": [{"role": "user", "content": "weather?"}],
                 "tools": [{"type": "function", "function": {"name": "weather"}}]}""").post(CHAT).then()
                .statusCode(502).header("x-tollgate-cache", "bypass");
    }

    @Test
    void badCacheHeadersAre400NamingTheHeader() {
        authorized().header("x-tollgate-cache", "sometimes").body(VALID_CHAT).post(CHAT).then()
                .statusCode(400).body("error.param", equalTo("x-tollgate-cache"));
        authorized().header("x-tollgate-similarity-threshold", "1.5").body(VALID_CHAT).post(CHAT).then()
                .statusCode(400).body("error.param", equalTo("x-tollgate-similarity-threshold"));
        authorized().header("x-tollgate-similarity-threshold", "high").body(VALID_CHAT).post(CHAT).then()
                .statusCode(400).body("error.param", equalTo("x-tollgate-similarity-threshold"));
    }

    @Test
    void embeddingsAndModelsWithRouterDownAre502() {
        authorized().body("{\"model\": \"text-embedding-3-small\", \"input\": \"hello\"}").post("/v1/embeddings").then()
                .statusCode(502).body("error.code", equalTo("upstream_unavailable"));
        authorized().get("/v1/models").then()
                .statusCode(502).body("error.code", equalTo("upstream_unavailable"));
    }

    @Test
    void failedLookupsAndOverheadAreInTheMetrics() {
        authorized().body(VALID_CHAT).post(CHAT).then().statusCode(502);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tollgate_gateway_cache_lookups_total{result=\"error\"}"), "lookup errors are counted");
        assertTrue(metrics.contains("tollgate_gateway_overhead_seconds_bucket{outcome=\"error\""), "overhead histogram by outcome");
        given().get("/q/metrics").then().body(containsString("tollgate_gateway_overhead_seconds_count{outcome=\"error\"}"));
    }
}
