package io.tollgate.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * A Vert.x response as a blocking {@link OutputStream}, for one writer on a virtual thread: bytes collect until
 * {@link #flush}, which hands them to Vert.x as one write and waits only while Vert.x's write queue is full (a slow
 * reader holds the stream back instead of filling the heap). A client that went away is an {@link IOException} on the
 * next flush, which ends the relay (and cancels the router's stream behind it).
 */
final class ResponseStream extends OutputStream {
    /** How long one wait for the write queue to drain lasts before the connection is checked again. */
    private static final long DRAIN_POLL_MILLIS = 100;

    private final HttpServerResponse response;
    private Buffer pending = Buffer.buffer(256);
    private boolean ended;

    ResponseStream(HttpServerResponse response) {
        this.response = response;
    }

    @Override
    public void write(int b) {
        pending.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        pending.appendBytes(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        awaitWritable();
        Buffer out = pending;
        pending = Buffer.buffer(256);
        response.write(out);
    }

    /** Flushes what is left and ends the response normally. */
    void end() throws IOException {
        flush();
        ended = true;
        response.end();
    }

    /** A stream closed without {@link #end}: the answer broke off, so the connection is reset rather than ended cleanly. */
    @Override
    public void close() {
        if (!ended && !response.ended() && !response.closed()) {
            response.reset();
        }
    }

    private void awaitWritable() throws IOException {
        while (true) {
            if (response.closed()) {
                throw new IOException("the client closed the connection");
            }
            if (!response.writeQueueFull()) {
                return;
            }
            CompletableFuture<Void> drained = new CompletableFuture<>();
            response.drainHandler(v -> drained.complete(null));
            if (!response.writeQueueFull()) {
                return; // drained between the check and the handler
            }
            try {
                drained.get(DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // look at the connection again
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the client was slow to read", e);
            }
        }
    }
}
