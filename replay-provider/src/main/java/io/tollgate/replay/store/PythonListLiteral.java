package io.tollgate.replay.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the Python list-of-strings literals RouterBench stores in its prompt and response columns, e.g.
 * {@code ['Answer:\n', "it's"]}: single- or double-quoted strings with Python escapes.
 */
public final class PythonListLiteral {

    private PythonListLiteral() {
    }

    /** The strings of the literal; a value that is not a list literal is returned as its single element. */
    public static List<String> decode(String literal) {
        String s = literal.strip();
        if (s.length() < 2 || s.charAt(0) != '[' || s.charAt(s.length() - 1) != ']') {
            return List.of(literal);
        }
        List<String> out = new ArrayList<>(1);
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                StringBuilder sb = new StringBuilder();
                i = readString(s, i + 1, c, sb);
                out.add(sb.toString());
            } else {
                i++; // commas and blanks between elements
            }
        }
        return out;
    }

    private static int readString(String s, int i, char quote, StringBuilder sb) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '0' -> sb.append('\0');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000b');
                case '\n' -> { } // line continuation
                case 'x' -> i = appendCodePoint(s, i, 2, sb);
                case 'u' -> i = appendCodePoint(s, i, 4, sb);
                case 'U' -> i = appendCodePoint(s, i, 8, sb);
                default -> sb.append(e); // \\ \' \" and unknown escapes keep the character
            }
        }
        return i;
    }

    private static int appendCodePoint(String s, int i, int digits, StringBuilder sb) {
        if (i + digits > s.length()) {
            return s.length();
        }
        sb.appendCodePoint(Integer.parseInt(s, i, i + digits, 16));
        return i + digits;
    }
}
