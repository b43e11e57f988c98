package dev.parley.core.text;

import dev.parley.core.error.ParleyException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What every text a client sends (message text, titles, names, ids, search queries, tokens) may
 * hold, checked in one place for every transport: no NUL (U+0000), which PostgreSQL cannot store
 * and SQLite's full-text search cannot match, and no unpaired surrogate (half of a UTF-16 pair, as
 * JSON's {@code "\ud800"} escape produces), which has no UTF-8 form and would be stored as {@code
 * ?}. Anything else Unicode allows is accepted.
 */
public final class Text {

    /** The code of every refusal: a text field holds a character that text may not hold. */
    public static final String INVALID_TEXT = "invalid_text";

    private Text() {}

    /**
     * Returns {@code value} unchanged when it is well-formed text (null passes: whether a field is
     * required is the caller's rule); otherwise throws {@code invalid_text} naming {@code field},
     * the character and its position.
     */
    public static String check(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                throw refused(field, i, "NUL (U+0000)", "text may not contain NUL");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw refused(field, i, unpaired(c), "send well-formed Unicode");
            }
            if (Character.isLowSurrogate(c)) {
                throw refused(field, i, unpaired(c), "send well-formed Unicode");
            }
        }
        return value;
    }

    private static String unpaired(char c) {
        return String.format("an unpaired surrogate (\\u%04X)", (int) c);
    }

    private static ParleyException refused(String field, int index, String what, String advice) {
        return ParleyException.invalid(
                INVALID_TEXT, field + " holds " + what + " at position " + (index + 1) + "; " + advice);
    }

    /**
     * Where {@code bytes} (from its position to its limit; the position is moved) stop being
     * well-formed UTF-8, as an offset from the position; -1 when they are well-formed. Strict, as
     * RFC 3629 says: overlong forms (such as {@code C0 AF} for {@code /}), encoded surrogates
     * ({@code ED A0 80}), code points past U+10FFFF and truncated sequences are all malformed.
     */
    public static int malformedUtf8At(ByteBuffer bytes) {
        int start = bytes.position();
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(Math.min(4096, Math.max(16, bytes.remaining())));
        while (true) {
            CoderResult result = decoder.decode(bytes, out, true);
            if (result.isError()) {
                return bytes.position() - start;
            }
            if (result.isUnderflow()) {
                return bytes.hasRemaining() ? bytes.position() - start : -1;
            }
            out.clear();
        }
    }

    /**
     * A body of text, checked as {@link #check} does, trimmed, that must hold 1 to {@code max}
     * characters (code points): {@code empty_text} or {@code text_too_long} otherwise.
     */
    public static String body(String field, String text, int max) {
        check(field, text);
        String body = text == null ? "" : text.strip();
        int length = body.codePointCount(0, body.length());
        if (length < 1 || length > max) {
            throw dev.parley.core.error.ParleyException.invalid(
                    length < 1 ? "empty_text" : "text_too_long",
                    field + " is " + length + " characters after trimming; allowed 1–" + max);
        }
        return body;
    }
}
