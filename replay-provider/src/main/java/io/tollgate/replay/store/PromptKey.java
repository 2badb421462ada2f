package io.tollgate.replay.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * The lookup key of a prompt: NFC, trimmed, every whitespace run collapsed to one space, then the first 64 bits of
 * its SHA-256. Case and punctuation are kept: they change what a model answers.
 */
public final class PromptKey {

    private PromptKey() {
    }

    public static String normalise(String prompt) {
        String nfc = Normalizer.normalize(prompt, Normalizer.Form.NFC);
        return nfc.strip().replaceAll("\\s+", " ");
    }

    public static long of(String prompt) {
        byte[] digest = sha256(normalise(prompt).getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            h = (h << 8) | (digest[i] & 0xff);
        }
        return h;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
        }
    }
}
