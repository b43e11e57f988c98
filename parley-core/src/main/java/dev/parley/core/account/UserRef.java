package dev.parley.core.account;

/** The public face of a user, embedded wherever a user is mentioned (message author, chat peer). */
public record UserRef(long id, String username, String displayName) {}
