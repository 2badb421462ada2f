package io.tollgate.common.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cache keys. Every field is written as a one-byte tag plus a 4-byte length plus its bytes, and absent optional
 * fields get their own tag, so two different requests can never serialise to the same byte string (prefix-free);
 * the key is the SHA-256 of that string. The schema version leads so that a change of the encoding never reuses keys.
 */
public final class CacheKeys {
    private static final String SCHEMA = "tollgate-cache-key/v1";
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;
    /** Date or "-latest" suffixes that name a snapshot of a model rather than another model. */
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|-latest|@\\d{8})$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private CacheKeys() {
    }

    /** The exact-tier key: tenant, model version and the whole normalised request. */
    public static String exactKey(String tenant, String modelVersion, Prompt prompt) {
        Encoder e = new Encoder();
        e.str(SCHEMA).str(tenant).str(modelVersion);
        e.str(prompt.params().model());
        e.integer(prompt.messages().size());
        for (Message m : prompt.messages()) {
            e.str(m.role()).str(m.name()).str(normalise(m.content()));
        }
        params(e, prompt.params());
        return e.digest();
    }

    /**
     * The semantic-tier context: everything that must be identical for a paraphrased question to reuse an answer —
     * the model family, the parameters and every message except the content of the last user message.
     */
    public static String contextKey(String family, Prompt prompt) {
        Encoder e = new Encoder();
        e.str(SCHEMA + "/context").str(family);
        int last = lastUserIndex(prompt.messages());
        e.integer(prompt.messages().size()).integer(last);
        for (int i = 0; i < prompt.messages().size(); i++) {
            Message m = prompt.messages().get(i);
            e.str(m.role()).str(m.name()).str(i == last ? "" : normalise(m.content()));
        }
        Params p = prompt.params();
        params(e, new Params("", p.temperature(), p.topP(), p.maxTokens(), p.seed(), p.stop(), p.hasTools(),
                p.presencePenalty(), p.frequencyPenalty(), p.responseFormat()));
        return e.digest();
    }

    /** The text that is embedded for the semantic tier: the last user message, whitespace-normalised. */
    public static String semanticText(Prompt prompt) {
        int last = lastUserIndex(prompt.messages());
        return last < 0 ? "" : normalise(prompt.messages().get(last).content());
    }

    /** The model family: the model id without a snapshot suffix, lower case ("gpt-4o-2024-08-06" -> "gpt-4o"). */
    public static String family(String model) {
        return SNAPSHOT_SUFFIX.matcher(model.toLowerCase(Locale.ROOT).strip()).replaceAll("");
    }

    static String normalise(String s) {
        return s == null ? "" : WHITESPACE.matcher(s.strip()).replaceAll(" ");
    }

    private static int lastUserIndex(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return i;
            }
        }
        return -1;
    }

    private static void params(Encoder e, Params p) {
        e.dbl(p.temperature()).dbl(p.topP());
        e.opt(p.maxTokens() == null ? null : Long.valueOf(p.maxTokens())).opt(p.seed());
        List<String> stop = p.stop() == null ? List.of() : p.stop();
        e.integer(stop.size());
        stop.forEach(e::str);
        e.integer(p.hasTools() ? 1 : 0);
        e.dbl(p.presencePenalty()).dbl(p.frequencyPenalty());
        e.str(p.responseFormat());
    }

    /** Tagged, length-prefixed field writer feeding a SHA-256 digest. */
    private static final class Encoder {
        private final MessageDigest sha;

        Encoder() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every JVM", e);
            }
        }

        Encoder str(String s) {
            byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(5).put(PRESENT).putInt(b.length).array());
            sha.update(b);
            return this;
        }

        Encoder integer(long v) {
            sha.update(ByteBuffer.allocate(9).put(PRESENT).putLong(v).array());
            return this;
        }

        Encoder opt(Long v) {
            if (v == null) {
                sha.update(ABSENT);
                return this;
            }
            return integer(v);
        }

        Encoder dbl(Double v) {
            if (v == null) {
                sha.update(ABSENT);
                return this;
            }
            // +0.0 and -0.0 mean the same temperature; doubleToLongBits keeps every other value distinct.
            return integer(Double.doubleToLongBits(v == 0.0 ? 0.0 : v));
        }

        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
