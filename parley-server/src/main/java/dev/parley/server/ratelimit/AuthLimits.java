package dev.parley.server.ratelimit;

import dev.parley.server.config.ParleyProperties;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Locale;

/**
 * Throttles the endpoints that take a password or a token, before any hashing or store work:
 *
 * <ul>
 *   <li>logins, per client address (every attempt counts) and per account (only failures count: a
 *       successful login gives its token back). Each setting lists several limits ({@code
 *       5/1m,20/1h,100/1d}), so a guesser waits longer and longer: a few seconds after the first
 *       burst, minutes after the hourly limit. The right password is refused too while the account
 *       must wait;
 *   <li>registrations and refreshes, per client address.
 * </ul>
 *
 * Refusals throw {@link RateLimited} ({@code 429 rate_limited} with {@code Retry-After}). Buckets
 * come from a {@link BucketStore}, so a cluster can share them.
 */
public final class AuthLimits {

    /** What a login must report when it succeeds. */
    public interface Attempt {
        void succeeded();
    }

    private static final int KEY_MAX = 64;

    private final BucketStore buckets;
    private final BucketConfiguration accountFailures;
    private final BucketConfiguration addressLogins;
    private final BucketConfiguration addressRegistrations;
    private final BucketConfiguration addressRefreshes;

    public AuthLimits(BucketStore buckets, ParleyProperties.Auth auth) {
        this.buckets = buckets;
        this.accountFailures =
                Rate.bucket(Rate.parseAll("parley.auth.login-failures-per-account", auth.loginFailuresPerAccount()));
        this.addressLogins =
                Rate.bucket(Rate.parseAll("parley.auth.login-attempts-per-address", auth.loginAttemptsPerAddress()));
        this.addressRegistrations =
                Rate.bucket(Rate.parseAll("parley.auth.registrations-per-address", auth.registrationsPerAddress()));
        this.addressRefreshes =
                Rate.bucket(Rate.parseAll("parley.auth.refreshes-per-address", auth.refreshesPerAddress()));
    }

    /** Takes a login attempt of {@code username} from {@code address}, or throws {@link RateLimited}. */
    public Attempt login(String username, String address) {
        take("login-address:" + address, addressLogins, "too many logins from your address");
        Bucket account = buckets.bucket("login-account:" + account(username), () -> accountFailures);
        take(account, "too many failed logins for this account");
        return () -> account.addTokens(1);
    }

    public void register(String address) {
        take("register-address:" + address, addressRegistrations, "too many registrations from your address");
    }

    public void refresh(String address) {
        take("refresh-address:" + address, addressRefreshes, "too many token refreshes from your address");
    }

    private void take(String key, BucketConfiguration configuration, String what) {
        take(buckets.bucket(key, () -> configuration), what);
    }

    private static void take(Bucket bucket, String what) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimited(what, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** The account a username names, as the store would find it; bounded, so keys stay small. */
    private static String account(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return name.length() > KEY_MAX ? name.substring(0, KEY_MAX) : name;
    }
}
