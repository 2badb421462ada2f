package io.tollgate.replay.service;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Token counts with OpenAI's real BPE: {@code o200k_base} for the gpt-4o generation, {@code cl100k_base} for every
 * other model (exact for GPT-3.5/4; an approximation for Claude, Llama and Mistral, whose tokenizers are not public
 * in Java, good to about 10 percent on English text).
 */
@Singleton
public class TokenCounter {

    /** OpenAI's chat framing: every message costs 3 tokens, a name 1 more, and the reply is primed with 3. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int TOKENS_PER_NAME = 1;
    private static final int REPLY_PRIMING = 3;

    private final Encoding cl100k;
    private final Encoding o200k;

    public TokenCounter() {
        EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
    }

    public Encoding encodingFor(String model) {
        boolean o200 = model.startsWith("gpt-4o") || model.startsWith("gpt-4.1") || model.startsWith("gpt-5")
                || model.startsWith("o1") || model.startsWith("o3") || model.startsWith("o4");
        return o200 ? o200k : cl100k;
    }

    public int promptTokens(String model, List<ChatMessage> messages) {
        Encoding enc = encodingFor(model);
        int tokens = REPLY_PRIMING;
        for (ChatMessage m : messages) {
            tokens += TOKENS_PER_MESSAGE + enc.countTokensOrdinary(m.role()) + enc.countTokensOrdinary(m.content());
            if (m.name() != null) {
                tokens += TOKENS_PER_NAME + enc.countTokensOrdinary(m.name());
            }
        }
        return tokens;
    }

    public IntArrayList encode(String model, String text) {
        return encodingFor(model).encodeOrdinary(text);
    }

    /** The text of the first {@code n} tokens, cut back to the last whole UTF-8 character. */
    public String prefix(String model, IntArrayList tokens, int n) {
        IntArrayList head = new IntArrayList(n);
        for (int i = 0; i < n; i++) {
            head.add(tokens.get(i));
        }
        byte[] bytes = encodingFor(model).decodeBytes(head);
        return new String(bytes, 0, completeLength(bytes, bytes.length), StandardCharsets.UTF_8);
    }

    /** Splits decoded tokens into strings, each ending on a UTF-8 character boundary (one token or a few). */
    public List<String> pieces(String model, IntArrayList tokens) {
        Encoding enc = encodingFor(model);
        List<String> pieces = new ArrayList<>(tokens.size());
        byte[] pending = new byte[0];
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < tokens.size(); i++) {
            one.clear();
            one.add(tokens.get(i));
            byte[] bytes = concat(pending, enc.decodeBytes(one));
            int complete = completeLength(bytes, bytes.length);
            if (complete == bytes.length) {
                pieces.add(new String(bytes, StandardCharsets.UTF_8));
                pending = new byte[0];
            } else {
                pending = bytes;
            }
        }
        if (pending.length > 0) {
            pieces.add(new String(pending, StandardCharsets.UTF_8));
        }
        return pieces;
    }

    /** Length of the longest prefix of {@code bytes[0..len)} that does not end inside a UTF-8 sequence. */
    static int completeLength(byte[] bytes, int len) {
        int i = len - 1;
        int continuation = 0;
        while (i >= 0 && (bytes[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return len;
        }
        int lead = bytes[i] & 0xff;
        int expected = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return continuation + 1 >= expected ? len : i;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
