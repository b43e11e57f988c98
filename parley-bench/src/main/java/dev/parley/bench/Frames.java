package dev.parley.bench;

/** Reads the few fields the tool needs straight from frame text (no JSON tree per frame). */
final class Frames {

    private Frames() {}

    static boolean is(String frame, String type) {
        return frame.startsWith("{\"type\":\"" + type + "\"");
    }

    /** The integer after {@code "name":} (the first occurrence), or -1. */
    static long number(String frame, String name) {
        int at = frame.indexOf("\"" + name + "\":");
        if (at < 0) {
            return -1;
        }
        int i = at + name.length() + 3;
        long value = 0;
        boolean any = false;
        while (i < frame.length() && Character.isDigit(frame.charAt(i))) {
            value = value * 10 + (frame.charAt(i++) - '0');
            any = true;
        }
        return any ? value : -1;
    }

    /** The string after {@code "name":"} (the first occurrence, no escapes expected), or null. */
    static String text(String frame, String name) {
        int at = frame.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 4;
        return frame.substring(start, frame.indexOf('"', start));
    }

    /** A bench message's text: {@code tag|index|nanos}, nanos being when it was (meant to be) sent. */
    static String body(String tag, long index, long nanos) {
        return tag + "|" + index + "|" + nanos;
    }

    static long bodyIndex(String text) {
        int first = text.indexOf('|');
        return Long.parseLong(text.substring(first + 1, text.indexOf('|', first + 1)));
    }

    static long bodyNanos(String text) {
        return Long.parseLong(text.substring(text.lastIndexOf('|') + 1));
    }

    static String send(String id, long chatId, String text, String clientMsgId) {
        return "{\"type\":\"send\",\"id\":\"" + id + "\",\"chatId\":" + chatId + ",\"text\":\"" + text
                + "\",\"clientMsgId\":\"" + clientMsgId + "\"}";
    }
}
