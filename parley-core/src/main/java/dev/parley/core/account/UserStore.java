package dev.parley.core.account;

import java.util.List;
import java.util.Optional;

/**
 * Persistence of accounts.
 *
 * <p>Usernames are unique; callers pass them already normalised to lower case. All methods are
 * thread-safe and may block on I/O.
 */
public interface UserStore {

    /**
     * Stores a new user.
     *
     * @return the stored user, or empty when the username is already taken (checked by a unique
     *     constraint, so concurrent registrations of one name yield exactly one user)
     */
    Optional<User> create(String username, String displayName, String passwordHash);

    Optional<User> findById(long id);

    Optional<Credentials> findCredentials(String username);

    /** Users whose username or display name starts with {@code prefix}, case-insensitively, by username. */
    List<User> search(String prefix, int limit);

    /** The users among {@code ids} that exist; unknown ids are left out. */
    List<User> findAll(java.util.Collection<Long> ids);

    /** The users with these usernames (exact, lower case); unknown names are left out. */
    List<User> findByUsernames(java.util.Collection<String> usernames);

    /** Changes the display name; empty when the user does not exist. */
    Optional<User> updateDisplayName(long id, String displayName);
}
