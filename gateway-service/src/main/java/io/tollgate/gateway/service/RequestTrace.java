package io.tollgate.gateway.service;

/**
 * What the stages of one request did, for the response headers and the overhead metric (OkHttp's EventListener,
 * reduced to what we report). Written by the request's worker thread, read by the event loop when the response
 * headers go out: fields are volatile for that hand-over.
 */
public final class RequestTrace {
    /** Key under which the HTTP edge keeps the trace of the current request. */
    public static final String KEY = "tollgate.trace";

    private final String requestId;
    private final long startNanos;
    private volatile CacheOutcome cache;
    private volatile float similarity = Float.NaN;
    private volatile Route route;
    private volatile long upstreamNanos;

    public RequestTrace(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    public String requestId() {
        return requestId;
    }

    public void cache(CacheOutcome outcome, float similarity) {
        this.cache = outcome;
        this.similarity = similarity;
    }

    public void route(Route route) {
        this.route = route;
    }

    /** Adds time spent waiting on a model provider (through the router) or the embedding model; not Tollgate's overhead. */
    public void addUpstream(long nanos) {
        upstreamNanos += nanos; // single writer: the request's own thread
    }

    /** Null until the cache stage ran (a request refused earlier never reached it). */
    public CacheOutcome cache() {
        return cache;
    }

    /** NaN unless the hit was semantic. */
    public float similarity() {
        return similarity;
    }

    public Route route() {
        return route;
    }

    /** Wall time so far minus the time waiting on providers and embeddings: what Tollgate itself cost this request. */
    public long overheadNanos(long nowNanos) {
        return Math.max(0, nowNanos - startNanos - upstreamNanos);
    }
}
