package dev.parley.server.account;

import dev.parley.server.web.Coded;
import org.springframework.security.core.AuthenticationException;

/** An access token that was presented but cannot be accepted; {@code code} says why. */
public final class TokenException extends AuthenticationException implements Coded {

    private final String code;

    public TokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
