package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.api.ApiTest;
import dev.parley.server.testing.RequiresChromium;
import dev.parley.server.testing.TestProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Groups, search, replies, retries, and the screens at desktop and phone width. */
@RequiresChromium
class WebClientFeaturesTest extends ApiTest {

    @Test
    void aGroupIsCreatedFoundJoinedManagedAndLeft() {
        String ownerName = uniqueName("owner");
        TestUser member = register("member");
        String title = "Book club " + uniqueName("b");
        try (Browser owner = new Browser(port, 1280, 800);
                Browser guest = new Browser(port, 1280, 800)) {
            owner.register(ownerName, "password-" + ownerName);
            owner.click("#new-group");
            owner.visible("#group-title").sendKeys(title);
            owner.click("#group-public");
            owner.click("#group-form button[type=submit]");
            owner.until(d -> title.equals(d.findElement(By.id("chat-title")).getText()) ? true : null);

            guest.login(member.username(), "password-" + member.username());
            guest.visible("#find").sendKeys(title);
            guest.click("[data-testid=find-group]");
            guest.until(d -> title.equals(d.findElement(By.id("chat-title")).getText()) ? true : null);
            owner.until(d -> d.findElement(By.id("chat-subtitle")).getText().startsWith("2 members") ? true : null);

            owner.click("#members-toggle");
            owner.until(
                    d -> d.findElements(By.cssSelector("[data-testid=member]")).size() == 2 ? true : null);
            owner.click("[data-testid=member] button.danger");
            owner.confirm();
            guest.until(d ->
                    d.findElements(By.cssSelector("[data-testid=chat-item]")).isEmpty() ? true : null);

            owner.visible("#add-member-name").sendKeys(member.username());
            owner.click("#add-member button[type=submit]");
            guest.openChat(title);

            guest.click("#members-toggle");
            guest.click("#leave");
            guest.confirm();
            owner.until(d -> d.findElement(By.id("chat-subtitle")).getText().startsWith("1 members") ? true : null);
            guest.until(d ->
                    d.findElements(By.cssSelector("[data-testid=chat-item]")).isEmpty() ? true : null);
        }
    }

    @Test
    void messageSearchJumpsToTheHitAndARepliesQuoteIt() {
        TestUser alice = register("find");
        TestUser bob = register("find");
        long chat = direct(alice, bob);
        String word = uniqueName("needle");
        for (int i = 1; i <= 80; i++) {
            send(bob, chat, i == 10 ? "the " + word + " is here" : "hay " + i);
        }
        try (Browser browser = new Browser(port, 1280, 800)) {
            browser.login(alice.username(), "password-" + alice.username());
            browser.visible("#find").sendKeys(word);
            browser.click("[data-testid=find-messages]");
            browser.click("[data-testid=message-hit]");
            browser.until(d -> d.findElements(By.cssSelector("#messages .message.highlight"))
                                    .size()
                            == 1
                    ? true
                    : null);
            assertThat(browser.js(
                            "return document.querySelector('#messages .highlight [data-testid=text]').textContent"))
                    .isEqualTo("the " + word + " is here");

            browser.messageAction("#messages .message.highlight", "reply");
            browser.send("found it");
            browser.until(d -> {
                Object quote = browser.js("const m = [...document.querySelectorAll('#messages .message.mine')].pop();"
                        + " return m && m.querySelector('.quote') && m.querySelector('.quote').textContent");
                return quote != null && quote.toString().contains(word) ? true : null;
            });
        }
        List<Map<String, Object>> mine = items(get(alice, "/api/v1/chats/" + chat + "/messages?limit=5"));
        assertThat(mine.get(0)).containsEntry("text", "found it");
        assertThat(mine.get(0).get("replyTo")).isNotNull();
    }

    @Test
    void screenshotsOfTheMainScreensAtDesktopAndPhoneWidth() throws Exception {
        TestUser alice = register("alice");
        TestUser bob = register("bob");
        TestUser carol = register("carol");
        call(
                alice,
                org.springframework.http.HttpMethod.PATCH,
                "/api/v1/me",
                Map.of("displayName", "Alice Martin"),
                200);
        call(bob, org.springframework.http.HttpMethod.PATCH, "/api/v1/me", Map.of("displayName", "Bob Chen"), 200);
        call(carol, org.springframework.http.HttpMethod.PATCH, "/api/v1/me", Map.of("displayName", "Carol Diaz"), 200);
        long direct = direct(alice, bob);
        long group = createGroup(alice, "Weekend hike", "private", List.of(bob.id(), carol.id()));
        send(carol, group, "Who is in for Saturday? Weather looks great.");
        send(bob, group, "Count me in! I can drive two people.");
        send(bob, direct, "Did you see the trail map I sent?");
        send(alice, direct, "Yes, the ridge loop looks perfect.");
        send(bob, direct, "Great, let's leave at 8 then.");
        Path dir = Path.of(TestProperties.get("parley.screenshots", "target/screenshots"));
        Files.createDirectories(dir);

        try (Browser desktop = new Browser(port, 1280, 800)) {
            desktop.login(alice.username(), "password-" + alice.username());
            desktop.openChat("Bob Chen");
            desktop.waitForMessages(texts -> texts.size() == 3);
            Files.write(dir.resolve("desktop.png"), desktop.screenshot());
            desktop.js("localStorage.setItem('parley.theme', 'dark')");
            desktop.driver.navigate().refresh();
            desktop.waitForMessages(texts -> texts.size() == 3);
            assertThat(desktop.js("return document.documentElement.dataset.theme"))
                    .isEqualTo("dark");
            Files.write(dir.resolve("desktop-dark.png"), desktop.screenshot());
        }
        try (Browser phone = new Browser(port, 390, 844)) {
            phone.login(alice.username(), "password-" + alice.username());
            phone.until(d ->
                    d.findElements(By.cssSelector("[data-testid=chat-item]")).size() == 2 ? true : null);
            Files.write(dir.resolve("phone-chats.png"), phone.screenshot());
            phone.openChat("Weekend hike");
            phone.waitForMessages(texts -> texts.size() == 2);
            assertThat(phone.driver.findElement(By.id("sidebar")).isDisplayed())
                    .as("at phone width the open chat takes the screen")
                    .isFalse();
            Files.write(dir.resolve("phone-chat.png"), phone.screenshot());
        }
        for (String name : List.of("desktop.png", "desktop-dark.png", "phone-chats.png", "phone-chat.png")) {
            assertThat(Files.size(dir.resolve(name))).isGreaterThan(5_000);
        }
    }
}
