package dev.parley.core.social;

import java.time.Instant;

/** Persistence of profiles; a user who never wrote one has the empty profile. */
public interface ProfileStore {

    Profile get(long userId);

    Profile setBio(long userId, String bio, Instant at);

    /** Sets (or, with null, removes) the avatar's blob key. */
    Profile setAvatar(long userId, String avatar, Instant at);

    /** Whether any profile still shows this avatar (two people may upload the same picture). */
    boolean avatarInUse(String avatar);
}
