package io.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which request content types the chat route reads as JSON (the rest are a 415, see BadInputTest). */
class ChatRouteTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            NULL                              | true
            ''                                | true
            application/json                  | true
            Application/JSON                  | true
            application/json; charset=utf-8   | true
            ' application/json ;charset=UTF-8'| true
            text/plain                        | false
            application/jsonx                 | false
            application/x-www-form-urlencoded | false
            multipart/form-data; boundary=x   | false
            """)
    void contentTypeIsJson(String contentType, boolean json) {
        assertEquals(json, ChatRoute.isJson(contentType));
    }
}
