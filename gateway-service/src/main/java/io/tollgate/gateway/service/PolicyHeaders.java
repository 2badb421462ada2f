package io.tollgate.gateway.service;

/**
 * The caller's cache wishes, from {@code Cache-Control} and {@code x-tollgate-cache*} headers. {@code mode} and
 * {@code similarityThreshold} are null when the caller said nothing (the key's defaults apply).
 */
public record PolicyHeaders(boolean noCache, boolean noStore, CacheMode mode, Float similarityThreshold) {
    public static final PolicyHeaders NONE = new PolicyHeaders(false, false, null, null);
}
