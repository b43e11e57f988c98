package dev.parley.core.account;

/** What register, login and refresh hand out. */
public record Session(User user, String accessToken, String refreshToken, long expiresIn) {}
