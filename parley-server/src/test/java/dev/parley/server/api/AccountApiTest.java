package dev.parley.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class AccountApiTest extends ApiTest {

    /** parley.auth.refresh-reuse-grace of the test server (ApiTest). */
    static final Duration REUSE_GRACE = Duration.ofSeconds(1);

    @Test
    void registerAnswersAUserAndASession() {
        String name = uniqueName("reg");
        Map<String, Object> session = post(
                null,
                "/api/v1/auth/register",
                Map.of("username", name, "password", "long-enough", "displayName", "Reg User"),
                201);

        assertThat(map(session.get("user"))).containsEntry("username", name).containsEntry("displayName", "Reg User");
        assertThat((String) session.get("accessToken")).contains(".");
        assertThat((String) session.get("refreshToken")).isNotBlank();
        assertThat(session).containsEntry("expiresIn", 900);
    }

    @Test
    void displayNameDefaultsToTheUsername() {
        String name = uniqueName("plain");
        Map<String, Object> session =
                post(null, "/api/v1/auth/register", Map.of("username", name, "password", "long-enough"), 201);

        assertThat(map(session.get("user"))).containsEntry("displayName", name);
    }

    @Test
    void usernamesAreUniqueCaseInsensitively() {
        String name = uniqueName("case");
        post(null, "/api/v1/auth/register", Map.of("username", name.toUpperCase(), "password", "long-enough"), 201);

        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", name, "password", "long-enough"),
                409,
                "username_taken");
    }

    @Test
    void rejectsBadUsernamesAndShortPasswords() {
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", "ab", "password", "long-enough"),
                400,
                "invalid_username");
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", "bad name!", "password", "long-enough"),
                400,
                "invalid_username");
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", "x".repeat(33), "password", "long-enough"),
                400,
                "invalid_username");
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", uniqueName("pw"), "password", "short"),
                400,
                "invalid_password");
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", uniqueName("pw"), "password", "é".repeat(40)),
                400,
                "invalid_password");
    }

    @Test
    void loginFailuresDoNotRevealWhetherTheUserExists() {
        TestUser user = register("login");
        Map<String, Object> ok = post(
                null,
                "/api/v1/auth/login",
                Map.of("username", user.username(), "password", "password-" + user.username()),
                200);
        assertThat(map(ok.get("user"))).containsEntry("id", (int) user.id());

        Map<String, Object> wrongPassword = problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/login",
                Map.of("username", user.username(), "password", "not-the-password"),
                401,
                "invalid_credentials");
        Map<String, Object> unknownUser = problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/login",
                Map.of("username", uniqueName("nobody"), "password", "not-the-password"),
                401,
                "invalid_credentials");
        assertThat(wrongPassword.get("detail")).isEqualTo(unknownUser.get("detail"));
    }

    @Test
    void meAnswersTheCaller() {
        TestUser user = register("me");

        assertThat(get(user, "/api/v1/me")).containsEntry("username", user.username());
    }

    @Test
    void refreshRotatesTheTokenAndReuseAfterTheGraceRevokesTheFamily() throws InterruptedException {
        TestUser user = register("rot");
        TestUser rotated = user(post(null, "/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), 200));
        assertThat(rotated.refreshToken()).isNotEqualTo(user.refreshToken());
        assertThat(get(rotated, "/api/v1/me")).containsEntry("id", (int) user.id());
        Thread.sleep(REUSE_GRACE.plusMillis(300).toMillis());

        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/refresh",
                Map.of("refreshToken", user.refreshToken()),
                401,
                "refresh_token_reused");

        // the theft response revoked the whole family, including the token issued by the rotation
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/refresh",
                Map.of("refreshToken", rotated.refreshToken()),
                401,
                "invalid_refresh_token");
    }

    @Test
    void eightTabsRefreshingWithOneTokenAtOnceAllStayLoggedIn() throws Exception {
        TestUser user = register("tabs");
        java.util.concurrent.ExecutorService tabs = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<TestUser>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(tabs.submit(() -> {
                    go.await();
                    return user(post(null, "/api/v1/auth/refresh", Map.of("refreshToken", user.refreshToken()), 200));
                }));
            }
            go.countDown();
            java.util.Set<String> refreshTokens = new java.util.HashSet<>();
            for (var answer : answers) {
                TestUser tab = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                refreshTokens.add(tab.refreshToken());
                assertThat(get(tab, "/api/v1/me")).containsEntry("id", (int) user.id());
            }
            assertThat(refreshTokens).as("one new pair for all eight").hasSize(1);
            TestUser next = user(post(
                    null,
                    "/api/v1/auth/refresh",
                    Map.of("refreshToken", refreshTokens.iterator().next()),
                    200));
            assertThat(get(next, "/api/v1/me")).containsEntry("id", (int) user.id());
        } finally {
            tabs.shutdownNow();
        }
    }

    @Test
    void logoutRevokesTheSessionButNotOthers() {
        TestUser user = register("out");
        TestUser otherDevice = user(post(
                null,
                "/api/v1/auth/login",
                Map.of("username", user.username(), "password", "password-" + user.username()),
                200));

        call(null, HttpMethod.POST, "/api/v1/auth/logout", Map.of("refreshToken", user.refreshToken()), 204);

        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/refresh",
                Map.of("refreshToken", user.refreshToken()),
                401,
                "invalid_refresh_token");
        post(null, "/api/v1/auth/refresh", Map.of("refreshToken", otherDevice.refreshToken()), 200);
    }

    @Test
    void unknownRefreshTokensAreRefused() {
        problem(
                null,
                HttpMethod.POST,
                "/api/v1/auth/refresh",
                Map.of("refreshToken", "made-up"),
                401,
                "invalid_refresh_token");
        problem(null, HttpMethod.POST, "/api/v1/auth/refresh", Map.of(), 400, "missing_field");
    }

    @Test
    void searchesUsersByUsernameOrDisplayNamePrefix() {
        String stem = uniqueName("srch");
        TestUser a = user(
                post(null, "/api/v1/auth/register", Map.of("username", stem + "_a", "password", "long-enough"), 201));
        post(
                null,
                "/api/v1/auth/register",
                Map.of("username", uniqueName("zz"), "password", "long-enough", "displayName", stem + " Shown"),
                201);

        assertThat(items(get(a, "/api/v1/users?q=" + stem))).hasSize(2);
        assertThat(items(get(a, "/api/v1/users?q=" + stem.toUpperCase() + "_A")))
                .extracting(u -> u.get("username"))
                .containsExactly(stem + "_a");
        problem(a, HttpMethod.GET, "/api/v1/users", null, 400, "missing_query");
        problem(a, HttpMethod.GET, "/api/v1/users?q=x&limit=500", null, 400, "invalid_limit");
    }

    @Test
    void showsAProfileByIdAndChangesOwnDisplayName() {
        TestUser a = register("prof");
        TestUser b = register("prof");

        assertThat(get(a, "/api/v1/users/" + b.id())).containsEntry("username", b.username());
        problem(a, HttpMethod.GET, "/api/v1/users/99999999", null, 404, "user_not_found");
        assertThat(call(a, HttpMethod.PATCH, "/api/v1/me", Map.of("displayName", "  New Name "), 200))
                .containsEntry("displayName", "New Name");
        problem(a, HttpMethod.PATCH, "/api/v1/me", Map.of("displayName", " "), 400, "invalid_display_name");
    }
}
