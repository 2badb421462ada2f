package io.tollgate.replay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonListLiteralTest {

    @Test
    void decodesBothQuoteStylesAndEscapes() {
        assertEquals(List.of("Answer:\nA", "it's \"x\"\t\\"),
                PythonListLiteral.decode("['Answer:\\nA', \"it's \\\"x\\\"\\t\\\\\"]"));
    }

    @Test
    void decodesHexAndUnicodeEscapes() {
        assertEquals(List.of("caf\u00e9 \u2013 \uD83D\uDE00"),
                PythonListLiteral.decode("['caf\\xe9 \\u2013 \\U0001f600']"));
    }

    @Test
    void nonListValueIsKeptAsIs() {
        assertEquals(List.of("plain text"), PythonListLiteral.decode("plain text"));
    }

    @Test
    void promptKeyIgnoresWhitespaceLayoutButNotCase() {
        assertEquals(PromptKey.of("  Hello\n\nworld "), PromptKey.of("Hello world"));
        org.junit.jupiter.api.Assertions.assertNotEquals(PromptKey.of("hello world"), PromptKey.of("Hello world"));
    }
}
