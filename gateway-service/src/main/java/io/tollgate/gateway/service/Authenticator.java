package io.tollgate.gateway.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.config.GatewayConfig;

/** Resolves {@code Authorization: Bearer <key>} to a {@link Caller}. Keys are read once, at start-up. */
@ApplicationScoped
public class Authenticator {
    private static final String BEARER = "bearer ";

    private final Map<String, Caller> callersByKey = new HashMap<>();
    private final Map<String, GatewayConfig.ApiKey> keysById = new HashMap<>();

    @Inject
    public Authenticator(GatewayConfig config) {
        config.apiKeys().forEach((secret, key) -> {
            String keyId = key.keyId().orElseGet(() -> derivedKeyId(secret));
            CacheMode mode;
            try {
                mode = CacheMode.parse(key.cache(), "cache");
            } catch (TollgateException e) {
                throw new IllegalStateException("tollgate.gateway.api-keys.\"" + keyId + "\".cache: " + e.getMessage()
                        + " (fix the property or remove it to use the default, semantic)");
            }
            callersByKey.put(secret, new Caller(key.tenant(), key.team(), keyId, key.baselineModel(), mode,
                    key.similarityThreshold().orElse(null)));
            keysById.put(keyId, key);
        });
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new TollgateException(ErrorKind.UNAUTHENTICATED,
                    "You didn't provide an API key. Send it as 'Authorization: Bearer <key>'.");
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new TollgateException(ErrorKind.UNAUTHENTICATED, "Authorization must use the Bearer scheme.");
        }
        Caller caller = callersByKey.get(value.substring(BEARER.length()).trim());
        if (caller == null) {
            throw new TollgateException(ErrorKind.UNAUTHENTICATED, "Incorrect API key provided.");
        }
        return caller;
    }

    Map<String, GatewayConfig.ApiKey> keysById() {
        return keysById;
    }

    /** A stable public id of a key: a prefix of its SHA-256, so logs and cost events never hold the secret. */
    static String derivedKeyId(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "key_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present in the JDK", e);
        }
    }
}
