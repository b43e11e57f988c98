package dev.parley.server.account;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.core.account.AccessTokens;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens as HS256-signed JWTs: issuer {@code parley}, subject the user id, {@code sid} the
 * session (login) they belong to, lifetime {@link #ttl()}. A token of a session that ended ({@link
 * EndedSessions}) is refused even before it expires.
 */
public final class JwtAccessTokens implements AccessTokens {

    /** A token that passed verification. */
    public record Verified(long userId, String sessionId, Instant expiresAt) {}

    private static final String ISSUER = "parley";
    private static final String SESSION = "sid";

    /** Tokens whose signature and claims were checked, by their exact text; cleared when full. */
    private static final int CHECKED_MAX = 10_000;

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Clock clock;
    private final Duration ttl;
    private final EndedSessions ended;
    private final Map<String, Verified> checked = new ConcurrentHashMap<>();

    JwtAccessTokens(byte[] key, Clock clock, Duration ttl, EndedSessions ended) {
        this.ended = ended;
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
        }
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public String issue(long userId, String sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .claim(SESSION, sessionId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    /** The user and expiry of a valid token; throws {@link TokenException} saying why a token is refused. */
    public Verified verify(String token) {
        // every request presents its token again: parsing and the HMAC cost more than the request's
        // own work on the cheapest endpoints (a like), so a token checked once is remembered by
        // its exact text (a changed byte is another key); expiry and logout are checked each time
        Verified known = checked.get(token);
        Verified verified = known != null ? known : parse(token);
        if (!verified.expiresAt().isAfter(clock.instant())) {
            checked.remove(token);
            throw new TokenException(
                    "token_expired", "the access token expired; refresh it with POST /api/v1/auth/refresh");
        }
        if (ended.isEnded(verified.sessionId())) {
            throw new TokenException(
                    "session_ended",
                    "this session was logged out (or its refresh token was" + " stolen and reused); log in again");
        }
        if (known == null) {
            if (checked.size() >= CHECKED_MAX) {
                checked.clear();
            }
            checked.put(token, verified);
        }
        return verified;
    }

    private Verified parse(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw new TokenException("invalid_token", "the access token's signature is not valid");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String session = claims.getStringClaim(SESSION);
            if (!ISSUER.equals(claims.getIssuer()) || session == null) {
                throw new TokenException("invalid_token", "the access token was not issued by this server");
            }
            Date expires = claims.getExpirationTime();
            if (expires == null) {
                throw new TokenException("invalid_token", "the access token has no expiry");
            }
            return new Verified(Long.parseLong(claims.getSubject()), session, expires.toInstant());
        } catch (ParseException | JOSEException | NumberFormatException e) {
            throw new TokenException("invalid_token", "the access token is malformed");
        }
    }
}
