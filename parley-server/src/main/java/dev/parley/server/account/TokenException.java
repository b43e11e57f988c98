package dev.parley.server.account;

import org.springframework.security.core.AuthenticationException;

/** An access token that was presented but cannot be accepted; {@code code} says why. */
public final class TokenException extends AuthenticationException {

    private final String code;

    public TokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
