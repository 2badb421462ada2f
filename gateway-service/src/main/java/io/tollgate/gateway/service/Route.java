package io.tollgate.gateway.service;

/** The router's decision: the model that answers and why. {@code outcome} is routed, escalated or fallback. */
public record Route(String model, String provider, String reason, String outcome) {
}
