package io.tollgate.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Server-sent events as OpenAI writes them: {@code data: <json>\n\n} per event, then {@code data: [DONE]}. */
final class SseWriter {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final OutputStream out;

    SseWriter(ObjectMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    /** Writes and flushes one event: each chunk reaches the client as soon as it exists. */
    void event(Object payload) throws IOException {
        out.write(DATA);
        out.write(json.writeValueAsBytes(payload));
        out.write(END_OF_EVENT);
        out.flush();
    }

    void done() throws IOException {
        out.write(DONE);
        out.flush();
    }
}
