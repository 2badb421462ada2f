package io.tollgate.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.grpc.Context;
import io.tollgate.contracts.router.v1.CompleteChunk;
import io.tollgate.contracts.router.v1.RouteDecision;
import io.tollgate.gateway.service.RequestTrace;

/** How a stream's wait on the router is split between upstream time and Tollgate's overhead. */
class ChunkStreamTest {
    private static final long MS = 1_000_000;

    /** Chunks that each take {@code delayMs} to arrive, as a router's would. */
    private static Iterator<CompleteChunk> slow(long delayMs, List<CompleteChunk> chunks) {
        Iterator<CompleteChunk> it = chunks.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                sleep(delayMs);
                return it.hasNext();
            }

            @Override
            public CompleteChunk next() {
                return it.next();
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long upstream(RequestTrace trace, long start) {
        long now = System.nanoTime();
        return now - start - trace.overheadNanos(now);
    }

    private static CompleteChunk route(long providerMicros) {
        return CompleteChunk.newBuilder().setRoute(RouteDecision.newBuilder().setModel("gpt-4o-mini"))
                .setCompletionId("chatcmpl-1").setProviderMicros(providerMicros).build();
    }

    @Test
    void ofTheWaitForTheFirstChunkOnlyTheProvidersTimeIsUpstreamAndEveryLaterWaitIs() {
        long start = System.nanoTime();
        RequestTrace trace = new RequestTrace("r1", start);
        try (RouterClient.ChunkStream stream = new RouterClient.ChunkStream(slow(30, List.of(route(10_000),
                CompleteChunk.newBuilder().setDelta("Hello").build())), Context.current().withCancellation(), trace)) {
            assertTrue(stream.hasNext());
            assertEquals(0, upstream(trace, start), "held until the first chunk says the providers' share");
            stream.next();
            assertEquals(10 * MS, upstream(trace, start), "30 ms waited, 10 of them the providers'");
            assertTrue(stream.hasNext());
            assertTrue(upstream(trace, start) >= 40 * MS, "after the first chunk every wait is upstream");
            assertEquals("Hello", stream.next().delta());
            assertFalse(stream.hasNext());
        }
    }

    @Test
    void aFirstChunkWithoutProviderTimeCountsTheWholeWaitAsUpstream() {
        long start = System.nanoTime();
        RequestTrace trace = new RequestTrace("r2", start);
        try (RouterClient.ChunkStream stream = new RouterClient.ChunkStream(slow(20, List.of(route(0))),
                Context.current().withCancellation(), trace)) {
            assertTrue(stream.hasNext());
            stream.next();
            assertTrue(upstream(trace, start) >= 20 * MS, "an older router: all of the wait, as before");
        }
    }

    @Test
    void aStreamThatEndsBeforeItsFirstChunkCountsItsWaitAsUpstream() {
        long start = System.nanoTime();
        RequestTrace trace = new RequestTrace("r3", start);
        try (RouterClient.ChunkStream stream = new RouterClient.ChunkStream(slow(20, List.of()),
                Context.current().withCancellation(), trace)) {
            assertFalse(stream.hasNext());
            assertTrue(upstream(trace, start) >= 20 * MS);
        }
    }
}
