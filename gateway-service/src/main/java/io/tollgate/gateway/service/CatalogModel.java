package io.tollgate.gateway.service;

/** A model the router can serve. {@code kind} is chat or embedding. */
public record CatalogModel(String id, String provider, String kind, String ownedBy) {
}
