package dev.parley.core.social;

import dev.parley.core.account.User;
import dev.parley.core.account.UserStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.text.Text;
import java.time.Clock;

/** Profiles: what a person says about themselves, and how the viewer stands to them. */
public final class ProfileService {

    public static final int BIO_MAX = 500;

    /** A profile as one viewer sees it. */
    public record Seen(User user, Profile profile, int friendCount, Relation relation) {}

    private final ProfileStore profiles;
    private final FriendService friends;
    private final UserStore users;
    private final Clock clock;

    public ProfileService(ProfileStore profiles, FriendService friends, UserStore users, Clock clock) {
        this.profiles = profiles;
        this.friends = friends;
        this.users = users;
        this.clock = clock;
    }

    public Seen profile(long viewer, long userId) {
        User user = users.findById(userId)
                .orElseThrow(() -> ParleyException.notFound("user_not_found", "no user " + userId));
        return new Seen(user, profiles.get(userId), friends.friendCount(userId), friends.relation(viewer, userId));
    }

    /** Sets the bio (at most 500 characters after trimming; empty clears it). */
    public Profile updateBio(long userId, String bio) {
        Text.check("bio", bio);
        String body = bio == null ? "" : bio.strip();
        int length = body.codePointCount(0, body.length());
        if (length > BIO_MAX) {
            throw ParleyException.invalid("invalid_bio", "bio is " + length + " characters; allowed 0–" + BIO_MAX);
        }
        return profiles.setBio(userId, body, clock.instant());
    }
}
