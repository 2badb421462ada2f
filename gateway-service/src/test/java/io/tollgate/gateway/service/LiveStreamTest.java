package io.tollgate.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

class LiveStreamTest {
    private static final Route ROUTE = new Route("small-model", "openai", "easy", "routed");

    /** A finite chunk source that records whether it was closed (cancelled). */
    static final class Chunks implements Iterator<Chunk>, AutoCloseable {
        private final Iterator<Chunk> it;
        boolean closed;

        Chunks(Chunk... chunks) {
            this.it = List.of(chunks).iterator();
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public Chunk next() {
            return it.next();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void completeStreamIsStoredOnceWithTheWholeContent() {
        List<Completion> stored = new ArrayList<>();
        RequestTrace trace = new RequestTrace("rid", 0);
        Chunks source = new Chunks(new Chunk("Hel", ROUTE, null, null, "c1"), new Chunk("lo", null, null, null, "c1"),
                new Chunk("", null, "stop", new Usage(5, 2, 0), "c1"));
        try (LiveStream stream = new LiveStream(source, trace, stored::add)) {
            assertEquals(ROUTE, trace.route(), "route is known before the first byte goes out");
            int n = 0;
            while (stream.hasNext()) {
                stream.next();
                n++;
            }
            assertEquals(3, n);
        }
        assertEquals(1, stored.size());
        assertEquals("Hello", stored.get(0).content());
        assertEquals("small-model", stored.get(0).model());
        assertEquals(new Usage(5, 2, 0), stored.get(0).usage());
        assertTrue(source.closed);
    }

    @Test
    void streamThatBreaksOffIsNeverStored() {
        List<Completion> stored = new ArrayList<>();
        Chunks source = new Chunks(new Chunk("partial", ROUTE, null, null, "c2"));
        try (LiveStream stream = new LiveStream(source, new RequestTrace("rid", 0), stored::add)) {
            stream.next();
        }
        assertTrue(stored.isEmpty());
        assertTrue(source.closed, "closing before the end cancels upstream");
    }

    @Test
    void emptyStreamFailsBeforeAnyByteIsSent() {
        assertThrows(IllegalStateException.class, () -> new LiveStream(new Chunks(), new RequestTrace("rid", 0), c -> { }));
    }
}
