package dev.parley.server.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key that signs access tokens: the configured secret, or else one generated on first
 * start and kept in the data directory, so a restart keeps issued tokens valid.
 */
final class SigningKey {

    static final int MIN_BYTES = 32;
    static final String FILE = "jwt-secret";

    private SigningKey() {}

    static byte[] resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.strip(), "parley.auth.jwt-secret");
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the directory's own protection applies
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key " + file, e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not valid base64", e);
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException(source + " holds " + key.length + " bytes; at least " + MIN_BYTES
                    + " are required (openssl rand -base64 32)");
        }
        return key;
    }
}
