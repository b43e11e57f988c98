package dev.parley.server.account;

/** The authenticated user of a request, resolved from its access token. */
public record Caller(long userId) {}
