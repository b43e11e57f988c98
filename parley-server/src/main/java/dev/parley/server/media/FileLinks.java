package dev.parley.server.media;

import dev.parley.server.account.ServerSecret;
import dev.parley.server.config.ParleyProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring links to attachments, usable where no token can go ({@code <img src>}, a
 * download): {@code /files/{id}/{variant}?exp=<epoch seconds>&sig=<HMAC>}. Whoever holds one may
 * fetch the file until it expires, and no longer; only people who may read the chat are given
 * links (in the messages they read). Expiry is rounded up to a tenth of {@code
 * parley.limits.file-link-ttl}, so links stay the same for a while (and the browser's cache keeps
 * working); a link lives between 1 and 1.1 times the ttl. The key is derived from the server's
 * secret, so every node of a cluster accepts every node's links.
 */
@Component
public final class FileLinks {

    /** Where files are served: a path of their own, outside the API and the web client. */
    public static final String PREFIX = "/files/";

    private final SecretKeySpec key;
    private final Clock clock;
    private final long ttlSeconds;
    private final long stepSeconds;

    @org.springframework.beans.factory.annotation.Autowired
    FileLinks(ServerSecret secret, Clock clock, ParleyProperties properties) {
        this(secret, clock, properties.limits().fileLinkTtl());
    }

    public FileLinks(ServerSecret secret, Clock clock, Duration ttl) {
        this.key = new SecretKeySpec(derive(secret.key()), "HmacSHA256");
        this.clock = clock;
        this.ttlSeconds = ttl.toSeconds();
        this.stepSeconds = Math.max(1, ttlSeconds / 10);
    }

    private static byte[] derive(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal("parley file links".getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A link to one variant ({@code original} or {@code preview}) of an attachment. */
    public String link(String attachmentId, String variant) {
        long now = clock.instant().getEpochSecond();
        long expires = ((now + ttlSeconds) / stepSeconds + 1) * stepSeconds;
        return PREFIX + attachmentId + "/" + variant + "?exp=" + expires + "&sig="
                + sign(attachmentId, variant, expires);
    }

    /** What a presented link is worth. */
    enum Verdict {
        VALID,
        EXPIRED,
        FORGED
    }

    Verdict check(String attachmentId, String variant, long expires, String signature) {
        byte[] expected = sign(attachmentId, variant, expires).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.FORGED;
        }
        return clock.instant().getEpochSecond() < expires ? Verdict.VALID : Verdict.EXPIRED;
    }

    private String sign(String attachmentId, String variant, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sig = mac.doFinal((attachmentId + "/" + variant + "/" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
