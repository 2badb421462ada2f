package io.tollgate.gateway.service;

import java.util.List;

/**
 * The caller's cache wishes, from {@code Cache-Control} and {@code x-tollgate-cache*} headers. {@code mode} and
 * {@code similarityThreshold} are null when the caller said nothing (the key's defaults apply); {@code tags} label
 * the stored entry for invalidation ({@code x-tollgate-cache-tags: faq,pricing}).
 */
public record PolicyHeaders(boolean noCache, boolean noStore, CacheMode mode, Float similarityThreshold, List<String> tags) {
    public static final PolicyHeaders NONE = new PolicyHeaders(false, false, null, null, List.of());

    public PolicyHeaders(boolean noCache, boolean noStore, CacheMode mode, Float similarityThreshold) {
        this(noCache, noStore, mode, similarityThreshold, List.of());
    }
}
