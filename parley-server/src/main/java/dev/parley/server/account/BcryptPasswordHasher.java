package dev.parley.server.account;

import dev.parley.core.account.PasswordHasher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt with a configurable cost (lower it only for benchmark servers). */
final class BcryptPasswordHasher implements PasswordHasher {

    private final BCryptPasswordEncoder encoder;

    BcryptPasswordHasher(int cost) {
        this.encoder = new BCryptPasswordEncoder(cost);
    }

    @Override
    public String hash(String password) {
        return encoder.encode(password);
    }

    @Override
    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }
}
