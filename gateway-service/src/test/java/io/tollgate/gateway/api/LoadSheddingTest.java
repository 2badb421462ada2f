package io.tollgate.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With {@code max-in-flight=1}, a request still uploading its body holds the only slot: the next API request is shed
 * at once with an OpenAI-style 503 and {@code retry-after}, health checks are not counted, and the slot frees when
 * the first request ends.
 */
@QuarkusTest
@TestProfile(LoadSheddingTest.OneInFlight.class)
class LoadSheddingTest {
    public static final class OneInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.gateway.max-in-flight", "1");
        }
    }

    @Test
    void overTheLimitIsA503WithRetryAfterAndTheSlotFreesWhenTheRequestEnds() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket slow = new Socket("127.0.0.1", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String code = "";
            for (int i = 0; i < 100 && !code.equals("overloaded"); i++) { // until the slow request was admitted
                Thread.sleep(20);
                code = given().contentType("application/json").body("{}").post("/v1/chat/completions")
                        .then().extract().path("error.code");
            }
            given().contentType("application/json").body("{}").post("/v1/chat/completions").then()
                    .statusCode(503).header("retry-after", "1")
                    .body("error.code", equalTo("overloaded")).body("error.type", equalTo("server_error"));
            given().get("/q/health/live").then().statusCode(200);
        }
        // the slow request's connection is gone: its slot is free again (the next answer is about the request itself)
        int status = 503;
        for (int i = 0; i < 100 && status == 503; i++) {
            Thread.sleep(20);
            status = given().contentType("application/json").body("{}").post("/v1/chat/completions").statusCode();
        }
        assertTrue(status == 401, "a missing key, not overload: " + status);
    }
}
