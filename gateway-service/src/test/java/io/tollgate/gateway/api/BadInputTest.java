package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;
import static io.tollgate.gateway.api.GatewayTestSupport.CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.VALID_CHAT;
import static io.tollgate.gateway.api.GatewayTestSupport.authorized;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every kind of bad input becomes the right status and OpenAI error JSON, and the service keeps answering. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"model": "auto"}                                                              | messages
            {"messages": null}                                                             | messages
            {"messages": []}                                                               | messages
            {"messages": "hello"}                                                          | messages
            {"messages": ["hello"]}                                                        | messages[0]
            {"messages": [{"content": "hi"}]}                                              | messages[0].role
            {"messages": [{"role": "wizard", "content": "hi"}]}                            | messages[0].role
            {"messages": [{"role": "user", "content": "a"}, {"role": "user", "content": 42}]} | messages[1].content
            {"messages": [{"role": "user"}]}                                               | messages[0].content
            {"messages": [{"role": "user", "content": "hi", "name": 7}]}                   | messages[0].name
            {"messages": [{"role": "user", "content": "hi"}], "temperature": 2.5}          | temperature
            {"messages": [{"role": "user", "content": "hi"}], "temperature": -0.1}         | temperature
            {"messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}        | temperature
            {"messages": [{"role": "user", "content": "hi"}], "top_p": 1.5}                | top_p
            {"messages": [{"role": "user", "content": "hi"}], "n": 2}                      | n
            {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 0}             | max_tokens
            {"messages": [{"role": "user", "content": "hi"}], "seed": 1.5}                 | seed
            {"messages": [{"role": "user", "content": "hi"}], "stop": ["a","b","c","d","e"]} | stop
            {"messages": [{"role": "user", "content": "hi"}], "presence_penalty": 3}       | presence_penalty
            {"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}             | stream
            {"messages": [{"role": "user", "content": "hi"}], "model": 5}                  | model
            {"messages": [{"role": "user", "content": "hi"}], "response_format": {"type": "xml"}} | response_format
            """)
    void invalidChatRequestIs400NamingTheParam(String body, String param) {
        authorized().body(body).post(CHAT).then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo(param))
                .body("error.message", notNullValue())
                .header("x-request-id", notNullValue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"messages": [                     | truncated
            not json at all                    | garbage
            [1, 2, 3]                          | array body
            """)
    void malformedJsonIs400InvalidJson(String body, String why) {
        authorized().body(body).post(CHAT).then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().header("Authorization", "Bearer " + GatewayTestSupport.KEY).contentType(ContentType.TEXT).body(VALID_CHAT)
                .post(CHAT).then()
                .statusCode(415)
                .body("error.code", equalTo("unsupported_media_type"));
    }

    @Test
    void bodyOverTheLimitIs413InOpenAiJson() {
        String huge = "{\"messages\": [{\"role\": \"user\", \"content\": \"" + "a".repeat(70 * 1024) + "\"}]}";
        authorized().body(huge).post(CHAT).then()
                .statusCode(413)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("request_too_large"))
                .header("x-request-id", notNullValue());
    }

    @Test
    void unknownRouteIs404InOpenAiJson() {
        authorized().get("/v1/engines").then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("not_found"))
                .header("x-request-id", notNullValue());
    }

    @Test
    void wrongMethodIs405InOpenAiJson() {
        authorized().get(CHAT).then()
                .statusCode(405)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void missingKeyIs401() {
        given().contentType(ContentType.JSON).body(VALID_CHAT).post(CHAT).then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.param", nullValue());
    }

    @Test
    void wrongKeyIs401() {
        given().header("Authorization", "Bearer tg-not-a-key").contentType(ContentType.JSON).body(VALID_CHAT).post(CHAT).then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void nonBearerSchemeIs401() {
        given().header("Authorization", "Basic dGc6dGc=").contentType(ContentType.JSON).body(VALID_CHAT).post(CHAT).then()
                .statusCode(401);
    }

    @Test
    void authenticationComesBeforeValidation() {
        given().contentType(ContentType.JSON).body("{\"messages\": []}").post(CHAT).then().statusCode(401);
        given().get("/v1/models").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void invalidEmbeddingsRequestIs400NamingTheParam() {
        authorized().body("{\"model\": \"e5\"}").post("/v1/embeddings").then().statusCode(400).body("error.param", equalTo("input"));
        authorized().body("{\"input\": [\"a\", 3]}").post("/v1/embeddings").then().statusCode(400).body("error.param", equalTo("input[1]"));
        authorized().body("{\"input\": \"a\", \"encoding_format\": \"base64\"}").post("/v1/embeddings").then()
                .statusCode(400).body("error.param", equalTo("encoding_format"));
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void serviceKeepsAnsweringAfterBadInput() {
        given().get("/q/health/live").then().statusCode(200);
        authorized().body(VALID_CHAT).post(CHAT).then()
                .statusCode(502)
                .body("error.code", equalTo("upstream_unavailable"));
    }
}
