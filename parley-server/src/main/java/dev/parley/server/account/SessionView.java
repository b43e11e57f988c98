package dev.parley.server.account;

import dev.parley.core.account.Session;

/** What register, login and refresh answer; {@code expiresIn} is the access token's lifetime in seconds. */
public record SessionView(UserView user, String accessToken, String refreshToken, long expiresIn) {

    static SessionView of(Session s, UserView user) {
        return new SessionView(user, s.accessToken(), s.refreshToken(), s.expiresIn());
    }
}
