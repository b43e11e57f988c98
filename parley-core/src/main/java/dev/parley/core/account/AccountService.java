package dev.parley.core.account;

import dev.parley.core.error.ParleyException;
import dev.parley.core.text.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Registration, login and the refresh-token lifecycle.
 *
 * <p>Refresh tokens are opaque strings; only their SHA-256 is stored. Every refresh rotates the
 * token; presenting a token that was already rotated means it leaked, so its whole family is
 * revoked and every holder must log in again, except within the policy's reuse grace after the
 * rotation: then the answer is the same successor token again, so two tabs refreshing at once both
 * stay logged in. To answer the same successor without storing any token in plain, a login's first
 * token is random and each successor is an HMAC of its predecessor under the server's secret: the
 * server recomputes it from the token presented, and nobody without the secret can. Login failures
 * never say whether the username exists.
 */
public final class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.]{3,32}");
    private static final int PASSWORD_MIN = 8;
    private static final int PASSWORD_MAX_BYTES = 72;
    private static final int DISPLAY_NAME_MAX = 64;
    private static final int SEARCH_LIMIT_MAX = 50;
    private static final String HMAC = "HmacSHA256";

    private final UserStore users;
    private final RefreshTokenStore refreshTokens;
    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final SessionEvents sessions;
    private final Clock clock;
    private final Duration refreshTtl;
    private final Duration reuseGrace;
    private final SecretKeySpec successorKey;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public AccountService(
            UserStore users,
            RefreshTokenStore refreshTokens,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            SessionEvents sessions,
            Clock clock,
            RefreshPolicy policy) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
        this.clock = clock;
        this.refreshTtl = policy.ttl();
        this.reuseGrace = policy.reuseGrace();
        this.successorKey = new SecretKeySpec(
                hmac(new SecretKeySpec(policy.secret(), HMAC), "parley refresh-token successor v1"), HMAC);
        this.dummyHash = hasher.hash("parley-timing-equaliser");
    }

    public Session register(String username, String password, String displayName) {
        Text.check("username", username);
        Text.check("password", password);
        Text.check("displayName", displayName);
        String name = normaliseUsername(username);
        checkPassword(password);
        String display = displayName == null || displayName.isBlank() ? name : checkDisplayName(displayName);
        User user = users.create(name, display, hasher.hash(password))
                .orElseThrow(
                        () -> ParleyException.conflict("username_taken", "username '" + name + "' is already taken"));
        return startSession(user, UUID.randomUUID().toString(), randomToken());
    }

    public Session login(String username, String password) {
        Text.check("username", username);
        Text.check("password", password);
        if (username == null || password == null) {
            throw ParleyException.invalid("missing_field", "username and password are required");
        }
        var credentials = users.findCredentials(username.trim().toLowerCase(Locale.ROOT));
        if (credentials.isEmpty()) {
            // Hash anyway, so the response time does not reveal whether the user exists.
            hasher.matches(password, dummyHash);
            throw wrongCredentials();
        }
        if (!hasher.matches(password, credentials.get().passwordHash())) {
            throw wrongCredentials();
        }
        return startSession(credentials.get().user(), UUID.randomUUID().toString(), randomToken());
    }

    /**
     * Rotates a refresh token: the presented one is spent, a new one of the same family is returned.
     * Presented again within the reuse grace of its rotation, it answers that same new token (and a
     * fresh access token); presented later, the whole family is revoked.
     */
    public Session refresh(String refreshToken) {
        RefreshToken token = findLive(refreshToken);
        Instant now = clock.instant();
        if (!token.used() && refreshTokens.markUsed(token.id(), now)) {
            return startSession(owner(token), token.familyId(), successor(refreshToken));
        }
        // Used already: by a refresh running right now (reread to see when), or earlier.
        RefreshToken spent = token.used()
                ? token
                : refreshTokens.findByHash(token.tokenHash()).orElse(token);
        if (spent.revoked()) {
            throw ParleyException.unauthenticated(
                    "invalid_refresh_token", "this refresh token was revoked; log in again");
        }
        if (spent.usedAt() != null && !now.isAfter(spent.usedAt().plus(reuseGrace))) {
            return session(owner(token), token.familyId(), successor(refreshToken));
        }
        end(token);
        throw ParleyException.unauthenticated(
                "refresh_token_reused",
                "this refresh token was already used; all sessions derived from it are revoked, log in again");
    }

    private User owner(RefreshToken token) {
        return users.findById(token.userId())
                .orElseThrow(
                        () -> ParleyException.unauthenticated("invalid_refresh_token", "the user no longer exists"));
    }

    /** Revokes the session (the token family) the refresh token belongs to. Unknown tokens are ignored. */
    public void logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ParleyException.invalid("missing_field", "refreshToken is required");
        }
        Text.check("refreshToken", refreshToken);
        refreshTokens.findByHash(hashToken(refreshToken)).ifPresent(this::end);
    }

    /** Revokes the token's family and announces the session's end (its access tokens, its sockets). */
    private void end(RefreshToken token) {
        refreshTokens.revokeFamily(token.familyId(), clock.instant());
        sessions.ended(token.userId(), token.familyId());
    }

    public User user(long id) {
        return users.findById(id)
                .orElseThrow(() -> ParleyException.notFound("user_not_found", "no user with id " + id));
    }

    public User updateProfile(long userId, String displayName) {
        Text.check("displayName", displayName);
        String display = checkDisplayName(displayName);
        return users.updateDisplayName(userId, display)
                .orElseThrow(() -> ParleyException.notFound("user_not_found", "no user with id " + userId));
    }

    public List<User> search(String query, int limit) {
        Text.check("q", query);
        String prefix = query == null ? "" : query.trim();
        if (prefix.isEmpty()) {
            throw ParleyException.invalid("missing_query", "q is required: a username or display-name prefix");
        }
        if (limit < 1 || limit > SEARCH_LIMIT_MAX) {
            throw ParleyException.invalid("invalid_limit", "limit is " + limit + "; allowed 1–" + SEARCH_LIMIT_MAX);
        }
        return users.search(prefix, limit);
    }

    private static ParleyException wrongCredentials() {
        return ParleyException.unauthenticated("invalid_credentials", "username or password is wrong");
    }

    private RefreshToken findLive(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ParleyException.invalid("missing_field", "refreshToken is required");
        }
        Text.check("refreshToken", refreshToken);
        RefreshToken token = refreshTokens
                .findByHash(hashToken(refreshToken))
                .orElseThrow(() -> ParleyException.unauthenticated("invalid_refresh_token", "unknown refresh token"));
        if (token.revoked()) {
            throw ParleyException.unauthenticated(
                    "invalid_refresh_token", "this refresh token was revoked; log in again");
        }
        if (!token.expiresAt().isAfter(clock.instant())) {
            throw ParleyException.unauthenticated("invalid_refresh_token", "this refresh token expired; log in again");
        }
        return token;
    }

    /** Stores {@code refreshToken} as the newest of the family and answers it with an access token. */
    private Session startSession(User user, String familyId, String refreshToken) {
        Instant now = clock.instant();
        refreshTokens.create(user.id(), familyId, hashToken(refreshToken), now, now.plus(refreshTtl));
        return session(user, familyId, refreshToken);
    }

    private Session session(User user, String familyId, String refreshToken) {
        return new Session(
                user,
                accessTokens.issue(user.id(), familyId),
                refreshToken,
                accessTokens.ttl().toSeconds());
    }

    private String randomToken() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The token that rotating {@code token} gives: always the same for the same token. */
    private String successor(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(successorKey, token));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String normaliseUsername(String username) {
        if (username == null) {
            throw ParleyException.invalid("invalid_username", "username is required");
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw ParleyException.invalid(
                    "invalid_username",
                    "username '" + username + "' is not allowed: use 3–32 characters of a-z, 0-9, '_' and '.'");
        }
        return name;
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < PASSWORD_MIN) {
            throw ParleyException.invalid(
                    "invalid_password", "password must be at least " + PASSWORD_MIN + " characters");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > PASSWORD_MAX_BYTES) {
            throw ParleyException.invalid(
                    "invalid_password", "password is " + bytes + " bytes in UTF-8; the limit is " + PASSWORD_MAX_BYTES);
        }
    }

    private static String checkDisplayName(String displayName) {
        String name = displayName == null ? "" : displayName.strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > DISPLAY_NAME_MAX) {
            throw ParleyException.invalid(
                    "invalid_display_name", "displayName is " + length + " characters; allowed 1–" + DISPLAY_NAME_MAX);
        }
        return name;
    }

    static String hashToken(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
