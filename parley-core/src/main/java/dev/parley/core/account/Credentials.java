package dev.parley.core.account;

/** A user together with its stored password hash; only the account service sees this. */
public record Credentials(User user, String passwordHash) {}
