package dev.parley.core.notify;

import dev.parley.core.account.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the feed shows: one notification, or several likes of one post or comment folded into one
 * ("Ann and 12 others liked your post"). {@code id} is the newest notification's; {@code actors}
 * holds the most recent few, {@code actorCount} all of them; read when all are read.
 */
public record NotificationGroup(
        long id,
        NotificationKind kind,
        List<UserRef> actors,
        int actorCount,
        Long postId,
        Long commentId,
        MessageRef message,
        Instant createdAt,
        boolean read) {

    static final int ACTORS_SHOWN = 3;

    public static NotificationGroup of(Notification n) {
        return new NotificationGroup(
                n.id(),
                n.kind(),
                List.of(n.actor()),
                1,
                n.postId(),
                n.commentId(),
                n.message(),
                n.createdAt(),
                n.read());
    }

    /** Folds a page (newest first) into groups, each at the place of its newest notification. */
    public static List<NotificationGroup> fold(List<Notification> page) {
        Map<Object, List<Notification>> groups = new LinkedHashMap<>();
        for (Notification n : page) {
            Object key = n.kind().groups()
                    ? List.of(n.kind(), Objects.toString(n.postId()), Objects.toString(n.commentId()))
                    : n.id();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
        }
        List<NotificationGroup> out = new ArrayList<>();
        for (List<Notification> group : groups.values()) {
            Notification newest = group.get(0);
            List<UserRef> actors = new ArrayList<>();
            for (Notification n : group) {
                if (actors.size() < ACTORS_SHOWN
                        && actors.stream().noneMatch(a -> a.id() == n.actor().id())) {
                    actors.add(n.actor());
                }
            }
            long distinct = group.stream().map(n -> n.actor().id()).distinct().count();
            out.add(new NotificationGroup(
                    newest.id(),
                    newest.kind(),
                    List.copyOf(actors),
                    (int) distinct,
                    newest.postId(),
                    newest.commentId(),
                    newest.message(),
                    newest.createdAt(),
                    group.stream().allMatch(Notification::read)));
        }
        return out;
    }
}
