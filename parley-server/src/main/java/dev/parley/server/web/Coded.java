package dev.parley.server.web;

/** A failure that carries its own stable problem {@code code} (for example a refused access token). */
public interface Coded {

    String code();
}
