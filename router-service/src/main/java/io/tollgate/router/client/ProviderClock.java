package io.tollgate.router.client;

/**
 * Time the current request's thread has spent inside model-provider calls (every attempt, retries included): what
 * the router reports as {@code provider_micros}, so that the gateway can count everything else (routing, classifying,
 * the gRPC hops) as Tollgate's overhead. Guarded blocking calls run on the calling thread, so a thread-local suffices;
 * {@link #reset()} at the start of each request.
 */
public final class ProviderClock {
    private static final ThreadLocal<long[]> NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private ProviderClock() {
    }

    public static void reset() {
        NANOS.get()[0] = 0;
    }

    /** Adds provider time; also for a request's wait on calls it made on other threads (the cascade's pair). */
    public static void add(long nanos) {
        NANOS.get()[0] += nanos;
    }

    public static long nanos() {
        return NANOS.get()[0];
    }
}
