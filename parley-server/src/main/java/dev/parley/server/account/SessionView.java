package dev.parley.server.account;

import dev.parley.core.account.Session;
import dev.parley.core.presence.PresenceTracker;

/** What register, login and refresh answer; {@code expiresIn} is the access token's lifetime in seconds. */
public record SessionView(UserView user, String accessToken, String refreshToken, long expiresIn) {

    static SessionView of(Session s, PresenceTracker presence) {
        return new SessionView(UserView.of(s.user(), presence), s.accessToken(), s.refreshToken(), s.expiresIn());
    }
}
