package io.tollgate.gateway.service;

/** A completion the router produced, with its route. */
public record Routed(Completion completion, Route route) {
}
