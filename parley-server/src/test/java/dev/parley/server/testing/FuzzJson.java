package dev.parley.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Values for fuzz cases and a JSON writer that can say what well-behaved writers cannot: lone
 * surrogates (as escapes or as encoded bytes), invalid UTF-8, numbers of any size, nesting of any
 * depth. A value is a {@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean},
 * null, or {@link Raw} bytes written as they are.
 */
public final class FuzzJson {

    /** Bytes written into the JSON as they are: a number of any size, a broken string, anything. */
    public record Raw(byte[] bytes) {
        public static Raw of(String text) {
            return new Raw(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Byte sequences that are not well-formed UTF-8: overlong, encoded surrogates, past U+10FFFF, cut short. */
    public static final List<byte[]> INVALID_UTF8 = List.of(
            bytes(0xC0, 0xAF),
            bytes(0xC1, 0xBF),
            bytes(0xE0, 0x80, 0xAF),
            bytes(0xF0, 0x80, 0x80, 0xAF),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xED, 0xBF, 0xBF),
            bytes(0xF4, 0x90, 0x80, 0x80),
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80),
            bytes(0xFF),
            bytes(0xFE),
            bytes(0x80),
            bytes(0xBF, 0x80),
            bytes(0xE2, 0x82),
            bytes(0xC2),
            bytes(0xF0, 0x9F, 0x98));

    /** Numbers as JSON text: at and past the edges of every integer type, fractions, exponents. */
    public static final List<String> NUMBERS = List.of(
            "0",
            "-0",
            "1",
            "-1",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999999999999",
            "1.5",
            "1.0",
            "-0.0",
            "1e2",
            "1E400",
            "-1e400",
            "1e-400",
            "0.1e1",
            "1" + "0".repeat(400));

    /** Text that has broken software before. */
    public static final List<String> NASTY = List.of(
            "",
            " ",
            "\t\n\r ",
            "\u0000",
            "a\u0000b",
            "\u00a0",
            "\u200b",
            "\ufeff",
            "\u202eevil",
            "e\u0301\u0301\u0301",
            "\ud83d\ude00",
            "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67",
            "中文字符",
            "العربية",
            "'; DROP TABLE messages; --",
            "\" OR 1=1 --",
            "%s%n%x",
            "${jndi:ldap://x}",
            "../../../etc/passwd",
            "<script>alert(1)</script>",
            "\\",
            "\"",
            "null",
            "NaN",
            "\r\nX-Injected: 1",
            "*",
            "a b c",
            "NEAR(a b)",
            "\"unbalanced",
            "a*",
            "-a",
            "x".repeat(64),
            "x".repeat(65),
            "x".repeat(100),
            "x".repeat(101),
            "x".repeat(4000),
            "x".repeat(4001),
            "é".repeat(2001));

    private FuzzJson() {}

    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out);
        return out.toByteArray();
    }

    private static void write(Object value, ByteArrayOutputStream out) {
        if (value == null) {
            out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Raw raw) {
            out.writeBytes(raw.bytes());
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.writeBytes(value.toString().getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof Map<?, ?> map) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                if (e.getKey() instanceof Raw raw) {
                    out.writeBytes(raw.bytes());
                } else {
                    string(String.valueOf(e.getKey()), out);
                }
                out.write(':');
                write(e.getValue(), out);
            }
            out.write('}');
        } else if (value instanceof List<?> list) {
            out.write('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(list.get(i), out);
            }
            out.write(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    /**
     * A JSON string. Control characters are escaped; a lone surrogate is written as its three
     * bytes (an encoded surrogate, which is not UTF-8): to send the escape instead, use {@link Raw}.
     */
    private static void string(String s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20) {
                out.writeBytes(String.format("\\u%04x", (int) c).getBytes(StandardCharsets.US_ASCII));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
    }

    /** A JSON value nested {@code depth} levels deep (arrays or objects). */
    public static Raw nested(int depth, boolean objects) {
        StringBuilder s = new StringBuilder(depth * 6 + 2);
        for (int i = 0; i < depth; i++) {
            s.append(objects ? "{\"a\":" : "[");
        }
        s.append('1');
        for (int i = 0; i < depth; i++) {
            s.append(objects ? '}' : ']');
        }
        return Raw.of(s.toString());
    }

    /** A JSON string holding {@code bad} (a NUL or unpaired-surrogate escape such as {@code \\ud800}) amid text. */
    public static Raw escaped(Random random, String bad) {
        String around = random.nextBoolean() ? "a" : "";
        return Raw.of("\"" + around + bad + around + "\"");
    }

    /** A JSON string with invalid UTF-8 bytes in it. */
    public static Raw invalidUtf8String(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        out.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())));
        out.writeBytes("cd".getBytes(StandardCharsets.US_ASCII));
        out.write('"');
        return new Raw(out.toByteArray());
    }

    /** Random text: mostly short and printable, sometimes long, sometimes any character at all. */
    public static String text(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> NASTY.get(random.nextInt(NASTY.size()));
            case 1 -> anyChars(random, random.nextInt(40));
            case 2 -> "w".repeat(random.nextInt(5000));
            default -> printable(random, 1 + random.nextInt(24));
        };
    }

    public static String printable(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (32 + random.nextInt(95));
        }
        return new String(chars);
    }

    /** Any UTF-16 units, lone surrogates and controls included. */
    public static String anyChars(Random random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x80);
                case 1 -> (char) (0xD800 + random.nextInt(0x800));
                default -> (char) random.nextInt(0x10000);
            };
        }
        return new String(chars);
    }

    /** A number as JSON text, usually one at an edge. */
    public static Raw number(Random random) {
        return random.nextInt(4) == 0
                ? Raw.of(Long.toString(random.nextLong()))
                : Raw.of(NUMBERS.get(random.nextInt(NUMBERS.size())));
    }

    /** A value of any JSON type. */
    public static Object anyValue(Random random) {
        return switch (random.nextInt(9)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> number(random);
            case 3 -> text(random);
            case 4 -> List.of(random.nextInt(10), "x");
            case 5 -> Map.of("a", random.nextInt(10));
            case 6 -> nested(1 + random.nextInt(600), random.nextBoolean());
            case 7 -> invalidUtf8String(random);
            default -> escaped(random, random.nextBoolean() ? "\\u0000" : "\\ud800");
        };
    }

    public static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Whether the bytes are strict UTF-8 (what the server accepts as text). */
    public static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
