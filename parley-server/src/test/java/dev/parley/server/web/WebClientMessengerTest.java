package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.testing.RequiresChromium;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** What every messenger has (issue 13): notifications, links, dates, unread, mentions, themes, keyboard use. */
@RequiresChromium
class WebClientMessengerTest extends WebClientTestBase {

    /** Replaces the browser's Notification API with one that is granted and records what it shows. */
    private static void stubNotifications(Browser b) {
        b.js("window.notes = []; window.Notification = class {"
                + " constructor(title, options) { window.notes.push({title, body: options.body}); }"
                + " static get permission() { return 'granted'; }"
                + " static requestPermission() { return Promise.resolve('granted'); } };");
    }

    private static long notes(Browser b) {
        return (Long) b.js("return window.notes.length");
    }

    @Test
    void theTitleFaviconAndDesktopNotificationsSayWhatArrivedExceptWhatIsMutedOrInView() {
        TestUser alice = register("note");
        TestUser bob = register("note");
        TestUser carol = register("note");
        long withBob = direct(alice, bob);
        long group = createGroup(carol, "Noisy " + carol.username(), "private", List.of(alice.id()));
        try (Browser a = browser()) {
            a.login(alice.username(), password(alice));
            stubNotifications(a);
            until(a, "window.parley.status === 'online'");

            send(bob, withBob, "ping from bob");
            until(a, "window.notes.length === 1");
            assertThat(a.js("return window.notes[0]"))
                    .isEqualTo(Map.of("title", "Display " + bob.username(), "body", "ping from bob"));
            assertThat(a.driver.getTitle()).isEqualTo("(1) Parley");
            assertThat((String) a.js("return document.getElementById('favicon').href"))
                    .startsWith("data:image/png");

            a.openChat("Noisy");
            a.click("#mute");
            a.openChat(bob.username());
            assertThat(a.driver.getTitle()).isEqualTo("Parley");
            send(carol, group, "muted chatter");
            until(a, "document.title === '(1) Parley'");
            send(carol, group, "@" + alice.username() + " you are needed");
            until(a, "window.notes.length === 2");
            assertThat(a.js("return window.notes[1].title"))
                    .as("a mention notifies even in a muted chat")
                    .isEqualTo("Display " + carol.username() + " in Noisy " + carol.username() + " mentioned you");

            assertThat(a.js("return document.hasFocus() && !document.hidden"))
                    .as("the test browser's tab is focused")
                    .isEqualTo(true);
            send(bob, withBob, "seen as it arrives");
            a.waitForMessages(texts -> texts.contains("seen as it arrives"));
            assertThat(notes(a))
                    .as("nothing for the chat in view in a focused tab")
                    .isEqualTo(2);
        }
    }

    @Test
    void linksAreLinksThatOpenSafelyAndTheRestStaysText() {
        TestUser alice = register("link");
        TestUser bob = register("link");
        long chat = direct(alice, bob);
        String text = "see https://example.com/a?b=1, and javascript:alert(1) or <a href=\"x\">x</a>";
        send(bob, chat, text);
        try (Browser a = browser()) {
            a.login(alice.username(), password(alice));
            a.openChat(bob.username());
            a.waitForMessages(texts -> texts.equals(List.of(text)));
            assertThat(a.js("return [...document.querySelectorAll('#messages [data-testid=text] a')].map(l =>"
                            + " [l.getAttribute('href'), l.target, l.rel, l.textContent])"))
                    .isEqualTo(List.of(List.of(
                            "https://example.com/a?b=1",
                            "_blank",
                            "noopener noreferrer",
                            "https://example.com/a?b=1")));
        }
    }

    @Test
    void daySeparatorsAndFullDatesOnHover() throws Exception {
        TestUser alice = register("days");
        TestUser bob = register("days");
        long chat = direct(alice, bob);
        long old = num(send(bob, chat, "three days ago").get("id"));
        long yesterday = num(send(bob, chat, "yesterday").get("id"));
        send(bob, chat, "today");
        Instant now = Instant.now();
        try (Connection db =
                        DriverManager.getConnection("jdbc:sqlite:" + dataDir().resolve("parley.db"));
                PreparedStatement update = db.prepareStatement("UPDATE messages SET created_at = ? WHERE id = ?")) {
            for (Object[] change : List.of(
                    new Object[] {old, now.minus(Duration.ofDays(3))},
                    new Object[] {yesterday, now.minus(Duration.ofDays(1))})) {
                update.setLong(1, ((Instant) change[1]).toEpochMilli());
                update.setLong(2, (Long) change[0]);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        }
        try (Browser a = browser()) {
            a.login(alice.username(), password(alice));
            a.openChat(bob.username());
            a.waitForMessages(texts -> texts.size() == 3);
            @SuppressWarnings("unchecked")
            List<String> days = (List<String>)
                    a.js("return [...document.querySelectorAll('#messages .day')].map(d => d.textContent)");
            assertThat(days).hasSize(3);
            assertThat(days.get(0)).isNotIn("Today", "Yesterday").matches(".*\\d.*");
            assertThat(days.subList(1, 3)).containsExactly("Yesterday", "Today");
            assertThat((String) a.js("return document.querySelector('#messages time').title"))
                    .as("the full date on hover")
                    .contains(String.valueOf(now.minus(Duration.ofDays(3))
                            .atZone(java.time.ZoneId.systemDefault())
                            .getYear()));
        }
    }

    @Test
    void aChatOpensAtTheFirstUnreadMessageAndCountsWhatArrivesWhileScrolledUp() {
        TestUser alice = register("div");
        TestUser bob = register("div");
        long chat = direct(alice, bob);
        for (int i = 1; i <= 30; i++) {
            send(bob, chat, "read " + i);
        }
        post(alice, "/api/v1/chats/" + chat + "/read", Map.of("seq", 30), 200);
        for (int i = 31; i <= 80; i++) {
            send(bob, chat, "unread " + i);
        }
        try (Browser a = browser()) {
            a.login(alice.username(), password(alice));
            a.openChat(bob.username());
            a.visible("#unread-divider");
            assertThat(a.js("const d = document.getElementById('unread-divider');"
                            + " return d.nextElementSibling.querySelector('[data-testid=text]').textContent"))
                    .isEqualTo("unread 31");
            assertThat(a.js("const l = document.getElementById('messages').getBoundingClientRect();"
                            + " const m = document.querySelector('[data-seq=\"31\"]').getBoundingClientRect();"
                            + " return m.top >= l.top && m.bottom <= l.bottom"))
                    .as("it opens where the unread messages start")
                    .isEqualTo(true);
            a.visible("#jump");
            send(bob, chat, "while you scroll");
            until(a, "document.getElementById('jump').textContent === 'Jump to present (1 new)'");
            a.click("#jump");
            a.until(d -> a.js("const l = document.getElementById('messages');"
                                    + " return l.scrollHeight - l.scrollTop - l.clientHeight < 5")
                            .equals(true)
                    ? true
                    : null);
            a.until(d ->
                    items(get(alice, "/api/v1/chats")).get(0).get("unreadCount").equals(0) ? true : null);
        }
    }

    @Test
    void mentionsCompleteFromTheMembersAndStandOutForWhoIsMentioned() {
        TestUser alice = register("men");
        TestUser carol = register("men");
        String title = "Mentions " + alice.username();
        createGroup(alice, title, "private", List.of(carol.id()));
        try (Browser a = browser();
                Browser c = browser()) {
            c.login(carol.username(), password(carol));
            c.openChat(title);
            a.login(alice.username(), password(alice));
            a.openChat(title);
            a.type("hey @" + carol.username().substring(0, 5));
            a.visible("[data-testid=mention-option]");
            assertThat(a.text("[data-testid=mention-option]")).contains("@" + carol.username());
            a.visible("#text").sendKeys(Keys.ENTER);
            assertThat(a.js("return document.getElementById('text').value"))
                    .isEqualTo("hey @" + carol.username() + " ");
            a.send("look");
            c.until(d -> c.all("#messages .message.mentions-me .mention.me").size() == 1 ? true : null);
            assertThat(c.text("#messages .mention.me")).isEqualTo("@" + carol.username());
        }
    }

    @Test
    void darkModeFollowsTheSystemAndTheToggleOverridesIt() {
        TestUser alice = register("dark");
        try (Browser a = browser()) {
            a.driver.executeCdpCommand(
                    "Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            a.login(alice.username(), password(alice));
            assertThat(background(a)).isEqualTo("rgb(15, 20, 25)");
            a.click(".settings summary");
            a.click("#theme"); // system -> light
            assertThat(a.text("#theme")).isEqualTo("Theme: light");
            assertThat(background(a)).isEqualTo("rgb(238, 241, 244)");
            a.click("#theme"); // light -> dark
            assertThat(background(a)).isEqualTo("rgb(15, 20, 25)");
            a.driver.navigate().refresh();
            a.visible("#chat-list");
            assertThat(background(a)).as("the choice is kept").isEqualTo("rgb(15, 20, 25)");
        }
    }

    private static Object background(Browser b) {
        return b.js("return getComputedStyle(document.body).backgroundColor");
    }

    @Test
    void theComposerGrowsEscCancelsAnEditAndAQuoteLeadsToItsOriginal() {
        TestUser alice = register("comp");
        TestUser bob = register("comp");
        long chat = direct(alice, bob);
        long first = num(send(bob, chat, "the very first").get("id"));
        for (int i = 2; i <= 70; i++) {
            send(bob, chat, "filler " + i);
        }
        post(
                alice,
                "/api/v1/chats/" + chat + "/messages",
                Map.of(
                        "text",
                        "answering the first",
                        "clientMsgId",
                        UUID.randomUUID().toString(),
                        "replyTo",
                        first),
                201);
        post(alice, "/api/v1/chats/" + chat + "/read", Map.of("seq", 71), 200); // it opens at the present
        try (Browser a = browser()) {
            a.login(alice.username(), password(alice));
            a.openChat(bob.username());
            a.waitForMessages(texts -> texts.contains("answering the first"));
            long height = (Long) a.js("return document.getElementById('text').offsetHeight");
            a.type("line one");
            a.visible("#text").sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER), "line two");
            a.visible("#text").sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER), "line three");
            assertThat((Long) a.js("return document.getElementById('text').offsetHeight"))
                    .isGreaterThan(height);

            a.messageAction("#messages .message.mine", "edit");
            assertThat(a.js("return document.getElementById('text').value")).isEqualTo("answering the first");
            a.visible("#text").sendKeys(Keys.ESCAPE);
            assertThat(a.js("return document.getElementById('text').value"))
                    .as("Esc gives the draft back")
                    .isEqualTo("line one\nline two\nline three");

            a.until(d ->
                    a.text("#messages .message.mine [data-testid=quote]").contains("the very first") ? true : null);
            a.click("#messages .message.mine [data-testid=quote]");
            a.visible("#messages .message.highlight");
            assertThat(a.text("#messages .message.highlight [data-testid=text]"))
                    .isEqualTo("the very first");
        }
        assertThat(items(get(bob, "/api/v1/chats/" + chat + "/messages?limit=1")))
                .extracting(m -> m.get("text"))
                .containsExactly("answering the first");
    }

    @Test
    void theAppIsInstallable() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(download("/manifest.json"));
        assertThat(manifest.get("name").asText()).isEqualTo("Parley");
        assertThat(manifest.get("start_url").asText()).isEqualTo("/");
        List<String> sizes = new java.util.ArrayList<>();
        for (JsonNode icon : manifest.get("icons")) {
            sizes.add(icon.get("sizes").asText());
            http.get()
                    .uri("/" + icon.get("src").asText())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentType("image/png");
        }
        assertThat(sizes).contains("192x192", "512x512");
        try (Browser a = browser()) {
            a.open();
            assertThat(a.js("return document.querySelector('link[rel=manifest]').href"))
                    .isEqualTo("http://localhost:" + port + "/manifest.json");
        }
    }

    @Test
    void aWholeSessionWithTheKeyboardOnly() {
        TestUser bob = register("keys");
        String name = uniqueName("keys");
        try (Browser a = browser()) {
            a.open();
            a.visible("#auth-username");
            keys(a, name, Keys.TAB, "password-" + name, Keys.TAB, Keys.TAB);
            assertThat(focused(a)).isEqualTo("auth-switch");
            keys(a, Keys.ENTER);
            assertThat(a.text("#auth-submit")).isEqualTo("Create account");
            withKey(a, Keys.SHIFT, Keys.TAB);
            assertThat(focused(a)).isEqualTo("auth-submit");
            keys(a, Keys.ENTER);
            a.visible("#chat-list");

            tabTo(a, "find", false);
            keys(a, bob.username());
            a.visible("[data-testid=find-user]");
            keys(a, Keys.ARROW_DOWN, Keys.ENTER);
            a.visible("#chat");
            a.until(d -> "text".equals(focused(a)) ? true : null);
            keys(a, "hello bob", Keys.ENTER);
            a.visible("#messages .message.mine:not(.pending)");

            tabTo(a, "messages-item", true);
            keys(a, "r");
            assertThat(focused(a)).isEqualTo("text");
            keys(a, "a reply", Keys.ENTER);
            a.waitForMessages(texts -> texts.equals(List.of("hello bob", "a reply")));
            a.until(d -> a.all("#messages .message.pending").isEmpty() ? true : null);

            tabTo(a, "messages-item", true);
            keys(a, Keys.ARROW_UP, "e");
            assertThat(a.js("return document.getElementById('text').value")).isEqualTo("hello bob");
            withKey(a, Keys.CONTROL, "a");
            keys(a, "hello, edited", Keys.ENTER);
            a.waitForMessages(texts -> texts.equals(List.of("hello, edited", "a reply")));

            tabTo(a, "logout", true);
            keys(a, Keys.ENTER);
            a.visible("#auth-form");
        }
        List<Map<String, Object>> messages = items(get(bob, "/api/v1/chats"));
        long chat = num(messages.get(0).get("id"));
        List<Map<String, Object>> texts = items(get(bob, "/api/v1/chats/" + chat + "/messages"));
        assertThat(texts).extracting(m -> m.get("text")).containsExactly("a reply", "hello, edited");
        assertThat(texts.get(0).get("replyTo")).isEqualTo(texts.get(1).get("id"));
    }

    private static void keys(Browser b, CharSequence... keys) {
        new Actions(b.driver).sendKeys(keys).perform();
    }

    /** The focused element's id, or "messages-item" for a message of the list. */
    private static String focused(Browser b) {
        return (String) b.js("const e = document.activeElement;"
                + " return e.matches('#messages li.message') ? 'messages-item' : e.id");
    }

    /** Presses a key with a modifier held (Shift+Tab, Ctrl+A). */
    private static void withKey(Browser b, Keys modifier, CharSequence key) {
        new Actions(b.driver).keyDown(modifier).sendKeys(key).keyUp(modifier).perform();
    }

    private static void tabTo(Browser b, String id, boolean backwards) {
        for (int i = 0; i < 40 && !id.equals(focused(b)); i++) {
            if (backwards) {
                withKey(b, Keys.SHIFT, Keys.TAB);
            } else {
                keys(b, Keys.TAB);
            }
        }
        assertThat(focused(b)).as("reached with the keyboard").isEqualTo(id);
    }
}
