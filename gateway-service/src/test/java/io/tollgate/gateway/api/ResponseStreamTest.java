package io.tollgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@link ResponseStream} against a real Vert.x HTTP server and a raw socket client: the writer (a thread of its own, as
 * the virtual thread of a streamed answer) is held back by a client that does not read, and learns of a client that
 * hung up on its next flush instead of writing on into nothing.
 */
class ResponseStreamTest {
    private Vertx vertx;
    private HttpServer server;
    private final CompletableFuture<HttpServerResponse> response = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> response.complete(req.response()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Socket get() throws IOException {
        Socket client = new Socket("127.0.0.1", server.actualPort());
        client.setSoTimeout(10_000); // a writer that never resumes fails the test instead of hanging it
        client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        return client;
    }

    @Test
    void writesWhatIsFlushedAndEndsTheResponse() throws Exception {
        try (Socket client = get()) {
            HttpServerResponse r = response.get(10, TimeUnit.SECONDS).setChunked(true);
            Thread writer = Thread.ofVirtual().start(() -> {
                try (ResponseStream out = new ResponseStream(r)) {
                    out.write("data: one\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.end();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.join(10_000);
            StringBuilder body = new StringBuilder();
            InputStream in = client.getInputStream();
            while (body.indexOf("\r\n0\r\n\r\n") < 0) { // the last chunk; the socket read times out if it never comes
                body.append((char) in.read());
            }
            assertTrue(body.indexOf("data: one\n\n") > 0 && body.indexOf("data: [DONE]\n\n") > body.indexOf("data: one"),
                    "both events in order, then the last chunk: " + body);
        }
    }

    @Test
    void aClientThatDoesNotReadHoldsTheWriterBack() throws Exception {
        try (Socket client = get()) {
            HttpServerResponse r = response.get(10, TimeUnit.SECONDS).setChunked(true);
            byte[] event = new byte[16 * 1024];
            AtomicLong written = new AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                try (ResponseStream out = new ResponseStream(r)) {
                    for (int i = 0; i < 4096; i++) { // 64 MiB if nothing held it back
                        out.write(event);
                        out.flush();
                        written.addAndGet(event.length);
                    }
                    out.end();
                } catch (IOException e) {
                    // the client below hangs up in the end
                }
            });
            writer.join(2_000);
            assertTrue(writer.isAlive(), "the writer waits for the client");
            long held = written.get();
            assertTrue(held < 16L * 1024 * 1024, "bounded by the write queue and socket buffers, not the stream: " + held);
            // the client starts reading: more bytes than had been written (plus chunk framing) prove the writer moved on
            InputStream in = client.getInputStream();
            long read = 0;
            while (read < held + held / 1024 + 65_536) {
                read += in.skip(1 << 20);
            }
            assertTrue(written.get() > held, "writer resumed after the client read");
        }
    }

    @Test
    void aClientThatHungUpFailsTheNextFlush() throws Exception {
        HttpServerResponse r;
        try (Socket client = get()) {
            r = response.get(10, TimeUnit.SECONDS).setChunked(true);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!r.closed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ResponseStream out = new ResponseStream(r);
        out.write("data: late\n\n".getBytes(StandardCharsets.US_ASCII));
        IOException e = assertThrows(IOException.class, out::flush);
        assertEquals("the client closed the connection", e.getMessage());
        out.close(); // neither ends nor resets a closed response
        assertFalse(r.ended());
    }
}
