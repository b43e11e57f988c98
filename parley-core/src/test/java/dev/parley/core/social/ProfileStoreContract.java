package dev.parley.core.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.account.User;
import dev.parley.core.testing.StoreContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link ProfileStore} guarantees. */
public abstract class ProfileStoreContract extends StoreContract {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void aProfileStartsEmptyAndKeepsBioAndAvatarApart() {
        User ann = stores.user();
        ProfileStore profiles = stores.profiles();
        assertThat(profiles.get(ann.id())).isEqualTo(Profile.empty(ann.id()));

        assertThat(profiles.setAvatar(ann.id(), "abc123", T)).isEqualTo(new Profile(ann.id(), "", "abc123"));
        assertThat(profiles.setBio(ann.id(), "Hiker. Reader.", T))
                .isEqualTo(new Profile(ann.id(), "Hiker. Reader.", "abc123"));
        User bob = stores.user();
        profiles.setAvatar(bob.id(), "abc123", T);
        assertThat(profiles.setAvatar(ann.id(), null, T)).isEqualTo(new Profile(ann.id(), "Hiker. Reader.", null));
        assertThat(profiles.avatarInUse("abc123")).as("bob still shows it").isTrue();
        profiles.setAvatar(bob.id(), null, T);
        assertThat(profiles.avatarInUse("abc123")).isFalse();
    }
}
