package dev.parley.core.message;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The people a message's text mentions: each {@code @username} that starts a word (not the middle
 * of an address like {@code ann@example.org}), lower-cased, a sentence's full stop after it left
 * out, at most {@link #MAX} distinct names per message.
 */
public final class Mentions {

    public static final int MAX = 10;

    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@])@([A-Za-z0-9_.]{3,32})");

    /** The usernames mentioned in {@code text}, in order of first mention. */
    public static Set<String> in(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null || text.indexOf('@') < 0) {
            return names;
        }
        Matcher m = MENTION.matcher(text);
        while (m.find() && names.size() < MAX) {
            String name = m.group(1);
            int end = name.length();
            while (end > 0 && name.charAt(end - 1) == '.') {
                end--;
            }
            if (end >= 3) {
                names.add(name.substring(0, end).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** Told of the mentions in each new message, after the message is stored and announced. */
    public interface Listener {

        Listener NONE = (message, usernames) -> {};

        /** Must not block: it is called where stored messages are answered. */
        void mentioned(Message message, Set<String> usernames);
    }

    private Mentions() {}
}
