package io.tollgate.gateway.service;

/** What every downstream call carries: the request id and the authenticated caller (RequestContext on the wire). */
public record CallContext(String requestId, Caller caller) {
}
