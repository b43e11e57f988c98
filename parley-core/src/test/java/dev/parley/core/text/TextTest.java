package dev.parley.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.ParleyException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void acceptsAnyWellFormedUnicodeIncludingPairsAndControlCharacters() {
        String text = "héllo 👋 \t\n 漢字 \uD83D\uDE00 \u0001";
        assertThat(Text.check("text", text)).isSameAs(text);
        assertThat(Text.check("text", null)).isNull();
        assertThat(Text.check("text", "")).isEmpty();
    }

    @Test
    void refusesNulNamingTheFieldAndPosition() {
        assertThatThrownBy(() -> Text.check("title", "ab\0c")).isInstanceOfSatisfying(ParleyException.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_text");
            assertThat(e.kind()).isEqualTo(ParleyException.Kind.INVALID);
            assertThat(e.getMessage()).contains("title", "NUL", "position 3");
        });
    }

    @Test
    void refusesLoneSurrogatesWhereverTheyStand() {
        for (String bad : new String[] {"\uD800", "a\uD800b", "a\uDC00", "\uDC00\uD800", "x\uD83D"}) {
            assertThatThrownBy(() -> Text.check("displayName", bad))
                    .as(bad)
                    .isInstanceOfSatisfying(ParleyException.class, e -> {
                        assertThat(e.code()).isEqualTo("invalid_text");
                        assertThat(e.getMessage()).contains("displayName", "unpaired surrogate");
                    });
        }
    }

    @Test
    void wellFormedUtf8HasNoMalformedByte() {
        byte[] text = "héllo 👋 漢字 /".repeat(1000).getBytes(StandardCharsets.UTF_8);
        assertThat(Text.malformedUtf8At(ByteBuffer.wrap(text))).isEqualTo(-1);
        assertThat(Text.malformedUtf8At(ByteBuffer.wrap(new byte[0]))).isEqualTo(-1);
    }

    @Test
    void overlongSurrogateOutOfRangeAndTruncatedUtf8IsMalformedAtItsFirstByte() {
        byte[][] bad = {
            {'a', 'b', (byte) 0xC0, (byte) 0xAF},
            {'a', 'b', (byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {'a', 'b', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF},
            {'a', 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {'a', 'b', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {'a', 'b', (byte) 0xFF},
            {'a', 'b', (byte) 0xE2, (byte) 0x82}
        };
        for (byte[] bytes : bad) {
            assertThat(Text.malformedUtf8At(ByteBuffer.wrap(bytes))).isEqualTo(2);
        }
    }
}
