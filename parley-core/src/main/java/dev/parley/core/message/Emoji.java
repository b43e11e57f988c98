package dev.parley.core.message;

import dev.parley.core.error.ParleyException;

/**
 * What counts as a reaction: one emoji, as a keyboard's emoji picker types it. That is up to
 * {@link #MAX_CODE_POINTS} code points, each from the emoji blocks or one of the characters that
 * join and modify emojis (zero-width joiner, variation selector, skin tones, keycap, tags), with
 * at least one pictograph. Letters, digits alone, spaces and control characters are refused.
 */
public final class Emoji {

    public static final int MAX_CODE_POINTS = 16;

    private Emoji() {}

    /** The emoji, checked; {@code invalid_emoji} when it is not one. */
    public static String check(String emoji) {
        if (emoji == null || emoji.isEmpty()) {
            throw invalid("an emoji is required");
        }
        int count = emoji.codePointCount(0, emoji.length());
        if (count > MAX_CODE_POINTS) {
            throw invalid("'" + emoji + "' is " + count + " code points; an emoji has at most " + MAX_CODE_POINTS);
        }
        boolean pictograph = false;
        int[] cps = emoji.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            if (isPictograph(cp)) {
                pictograph = true;
            } else if (isKeycap(cps, i)) {
                pictograph = true; // 1️⃣ #️⃣: a digit, # or * before the keycap
            } else if (!isJoinerOrModifier(cp)) {
                throw invalid("'" + emoji + "' is not one emoji (U+"
                        + Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT) + " is no emoji character)");
            }
        }
        if (!pictograph) {
            throw invalid("'" + emoji + "' holds no emoji");
        }
        return emoji;
    }

    private static boolean isPictograph(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) // pictographs, emoticons, transport, flags' letters, symbols
                || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
                || (cp >= 0x2300 && cp <= 0x23FF) // technical: ⌚ ⏰
                || (cp >= 0x2B00 && cp <= 0x2BFF) // arrows and stars: ⭐ ⬆
                || (cp >= 0x2190 && cp <= 0x21FF) // arrows
                || (cp >= 0x25A0 && cp <= 0x25FF) // geometric shapes
                || (cp >= 0x2934 && cp <= 0x2935)
                || cp == 0x00A9
                || cp == 0x00AE
                || cp == 0x203C
                || cp == 0x2049
                || cp == 0x2122
                || cp == 0x2139
                || cp == 0x24C2
                || cp == 0x3030
                || cp == 0x303D
                || cp == 0x3297
                || cp == 0x3299;
    }

    /** A digit, # or * followed by the combining keycap (with a variation selector between or not). */
    private static boolean isKeycap(int[] cps, int i) {
        int cp = cps[i];
        if (!((cp >= '0' && cp <= '9') || cp == '#' || cp == '*')) {
            return false;
        }
        int next = i + 1 < cps.length && cps[i + 1] == 0xFE0F ? i + 2 : i + 1;
        return next < cps.length && cps[next] == 0x20E3;
    }

    private static boolean isJoinerOrModifier(int cp) {
        return cp == 0x200D // zero-width joiner
                || cp == 0xFE0F
                || cp == 0xFE0E // variation selectors
                || cp == 0x20E3 // combining keycap
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) // skin tones (inside the pictograph range too)
                || (cp >= 0xE0020 && cp <= 0xE007F); // tags (subdivision flags)
    }

    private static ParleyException invalid(String message) {
        return ParleyException.invalid("invalid_emoji", message);
    }
}
