package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RequiresChromium;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/** Two people at two real browsers, using the web client the server ships. */
@RequiresChromium
class WebClientTest extends WebClientTestBase {

    @Test
    void twoPeopleChatLiveWithUnreadBadgeTypingEditsDeletesAndTextThatStaysText() {
        String aliceName = uniqueName("alice");
        String bobName = uniqueName("bob");
        try (Browser alice = browser();
                Browser bob = browser()) {
            alice.register(aliceName, "password-" + aliceName);
            bob.register(bobName, "password-" + bobName);

            alice.startDirect(bobName);
            alice.send("hello bob");
            alice.waitForMessages(texts -> texts.equals(List.of("hello bob")));
            alice.until(d ->
                    d.findElements(By.cssSelector("#messages .message.pending")).isEmpty() ? true : null);

            bob.until(d -> "1"
                            .equals(bob.js(
                                    "const b = document.querySelector('[data-testid=chat-item] [data-testid=unread]');"
                                            + " return b && b.textContent"))
                    ? true
                    : null);
            bob.openChat(aliceName);
            bob.waitForMessages(texts -> texts.contains("hello bob"));
            bob.until(
                    d -> d.findElements(By.cssSelector("[data-testid=unread]")).isEmpty() ? true : null);

            bob.type("h");
            assertThat(alice.visible("#typing").getText()).contains("typing");
            bob.send("i");
            alice.waitForMessages(texts -> texts.equals(List.of("hello bob", "hi")));
            assertThat(alice.visible("#typing").getText()).doesNotContain("typing");

            alice.messageAction("#messages .message.mine", "edit");
            alice.js("document.getElementById('text').value = ''");
            alice.send("hello bob, edited");
            bob.waitForMessages(texts -> texts.contains("hello bob, edited"));

            alice.messageAction("#messages .message.mine", "delete");
            alice.confirm();
            bob.waitForMessages(texts -> texts.contains("message deleted") && !texts.contains("hello bob, edited"));

            String attack = "<img src=x onerror=alert(1)>";
            alice.send(attack);
            bob.waitForMessages(texts -> texts.contains(attack));
            assertThat(bob.all("#messages [data-testid=text] img")).isEmpty();
            assertThat(bob.all("#chat-list .preview img")).isEmpty();
            assertThat(bob.all("img:not(.avatar):not(#viewer-image)"))
                    .as("the only pictures are avatars (and the empty image viewer), none made of message text")
                    .isEmpty();
            assertNoAlert(bob);
            assertNoAlert(alice);
            assertThat(alice.policyViolations())
                    .as("blocked by the Content-Security-Policy")
                    .isEmpty();
            assertThat(bob.policyViolations())
                    .as("blocked by the Content-Security-Policy")
                    .isEmpty();
            assertThat(bob.js("const s = document.createElement('script');"
                            + " s.textContent = 'window.inlineRan = true'; document.head.append(s);"
                            + " return window.inlineRan === true;"))
                    .as("the policy is in force: an inline script does not run")
                    .isEqualTo(false);
        }
    }

    @Test
    void afterTheServerDropsTheSocketTheClientReconnectsAndShowsWhatItMissed() {
        TestUser alice = register("drop");
        TestUser bob = register("drop");
        long chat = direct(alice, bob);
        send(bob, chat, "before the drop");
        try (Browser browser = browser()) {
            browser.login(alice.username(), "password-" + alice.username());
            browser.driver.navigate().refresh();
            browser.visible("#chat-list"); // a reload keeps the session (refresh token)
            browser.openChat(bob.username());
            browser.waitForMessages(texts -> texts.equals(List.of("before the drop")));
            browser.until(d -> "online".equals(browser.js("return window.parley.status")) ? true : null);

            // a binary frame is a protocol violation: the server closes the socket (1003)
            browser.js("window.parley.retryDelay = 2500; window.parley.socket.send(new Uint8Array([1]))");
            browser.visible("#banner");
            send(bob, chat, "missed one");
            send(bob, chat, "missed two");
            send(bob, chat, "missed three");

            browser.waitForMessages(texts -> texts.size() >= 4);
            browser.until(d -> d.findElement(By.id("banner")).isDisplayed() ? null : true);
            assertThat(browser.messageTexts())
                    .containsExactly("before the drop", "missed one", "missed two", "missed three");
            send(bob, chat, "live again");
            browser.waitForMessages(texts -> texts.contains("live again"));
            assertThat(browser.messageTexts()).doesNotHaveDuplicates().hasSize(5);
        }
    }

    @Test
    void scrollingUpLoadsOlderPagesWithoutMovingWhatIsOnScreen() {
        TestUser alice = register("scroll");
        TestUser bob = register("scroll");
        long chat = direct(alice, bob);
        for (int i = 1; i <= 120; i++) {
            send(bob, chat, "message " + i);
        }
        post(alice, "/api/v1/chats/" + chat + "/read", java.util.Map.of("seq", 120), 200); // it opens at the present
        try (Browser browser = browser()) {
            browser.login(alice.username(), "password-" + alice.username());
            browser.openChat(bob.username());
            browser.waitForMessages(texts -> texts.size() == 50 && texts.get(49).equals("message 120"));

            browser.js("document.getElementById('messages').scrollTop = 0");
            browser.waitForMessages(texts -> texts.size() == 100);
            assertThat(browser.messageTexts().get(0)).isEqualTo("message 21");
            assertThat(offsetInList(browser, "71"))
                    .as("the message that was at the top stays at the top; the older page goes above it")
                    .isBetween(-5.0, 60.0);

            browser.js("document.getElementById('messages').scrollTop = 0");
            browser.waitForMessages(texts -> texts.size() == 120);
            assertThat(browser.messageTexts().get(0)).isEqualTo("message 1");
        }
    }

    /** Where the message with this seq is within the visible list (seq 71 is "message 71": bob wrote every event). */
    private static double offsetInList(Browser browser, String seq) {
        return ((Number) browser.js(
                        "const list = document.getElementById('messages');"
                                + " const m = list.querySelector('[data-seq=\"' + arguments[0] + '\"]');"
                                + " return m.getBoundingClientRect().top - list.getBoundingClientRect().top;",
                        seq))
                .doubleValue();
    }

    private static void assertNoAlert(Browser browser) {
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("an alert was raised: message content ran as HTML");
        } catch (NoAlertPresentException expected) {
            // text stayed text
        }
    }

    @Test
    void reactionsArePickedShownLiveToggledAndKeptAcrossAReload() {
        Duo duo = duo("react");
        long message = num(send(duo.bob(), duo.chat(), "cake in the kitchen").get("id"));
        String row = "[data-testid=message][data-message-id='" + message + "']";
        String reactions = "/api/v1/chats/" + duo.chat() + "/messages/" + message;
        try (Browser alice = inChat(duo)) {
            alice.messageAction(row, "react");
            alice.click(row + " [data-testid=pick][data-emoji='🎉']");
            alice.until(d -> "🎉 1".equals(chip(alice, row, "🎉")) ? true : null);
            assertThat(get(duo.bob(), reactions).get("reactions"))
                    .isEqualTo(List.of(java.util.Map.of("emoji", "🎉", "count", 1, "mine", false)));
            assertThat(alice.visible(row + " [data-testid=reaction][data-emoji='🎉']")
                            .getAttribute("aria-pressed"))
                    .isEqualTo("true");

            call(duo.bob(), org.springframework.http.HttpMethod.PUT, reactions + "/reactions/🎉", null, 200);
            call(duo.bob(), org.springframework.http.HttpMethod.PUT, reactions + "/reactions/👀", null, 200);
            alice.until(
                    d -> "🎉 2".equals(chip(alice, row, "🎉")) && "👀 1".equals(chip(alice, row, "👀")) ? true : null);

            alice.click(row + " [data-testid=reaction][data-emoji='🎉']");
            alice.until(d -> "🎉 1".equals(chip(alice, row, "🎉")) ? true : null);
            assertThat(alice.visible(row + " [data-testid=reaction][data-emoji='🎉']")
                            .getAttribute("aria-pressed"))
                    .as("alice's own reaction is gone, bob's stays")
                    .isEqualTo("false");

            alice.open();
            alice.openChat(duo.bob().username());
            alice.until(
                    d -> "🎉 1".equals(chip(alice, row, "🎉")) && "👀 1".equals(chip(alice, row, "👀")) ? true : null);
        }
    }

    @Test
    void filesAreAttachedDroppedAndPastedThenShownInlineOrAsCardsAndOpenInTheViewer() throws Exception {
        Duo duo = duo("files");
        java.nio.file.Path picture = java.nio.file.Files.createTempFile("holiday", ".png");
        java.nio.file.Path notes = java.nio.file.Files.createTempFile("notes", ".txt");
        java.awt.image.BufferedImage drawn =
                new java.awt.image.BufferedImage(400, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(drawn, "png", picture.toFile());
        java.nio.file.Files.writeString(notes, "minutes of the meeting");
        try (Browser alice = inChat(duo);
                Browser bob = browser()) {
            alice.driver.findElement(By.id("file-input")).sendKeys(picture + "\n" + notes);
            alice.until(d ->
                    d.findElements(By.cssSelector("[data-testid=uploaded]")).size() == 2 ? true : null);
            // a screenshot pasted and a file dropped join them
            alice.js(
                    "const dt = new DataTransfer();"
                            + " dt.items.add(new File(['pasted'], 'screenshot.txt', {type: 'text/plain'}));"
                            + " document.getElementById('text').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true}));"
                            + " const drop = new DataTransfer(); drop.items.add(new File(['dropped'], 'dropped.txt'));"
                            + " document.getElementById('chat').dispatchEvent(new DragEvent('drop', {dataTransfer: drop, bubbles: true, cancelable: true}));");
            alice.until(d ->
                    d.findElements(By.cssSelector("[data-testid=uploaded]")).size() == 4 ? true : null);
            alice.click("[data-testid=upload]:nth-child(4) [data-testid=remove-upload]");
            alice.until(
                    d -> d.findElements(By.cssSelector("[data-testid=upload]")).size() == 3 ? true : null);
            alice.send("the photo");

            List<java.util.Map<String, Object>> sent =
                    items(get(duo.bob(), "/api/v1/chats/" + duo.chat() + "/messages"));
            assertThat(sent).hasSize(1);
            List<Object> names = ((List<?>) sent.get(0).get("attachments"))
                    .stream()
                            .map(a -> ((java.util.Map<?, ?>) a).get("name"))
                            .map(Object.class::cast)
                            .toList();
            assertThat(names)
                    .containsExactly(
                            picture.getFileName().toString(),
                            notes.getFileName().toString(),
                            "screenshot.txt");

            bob.login(duo.bob().username(), password(duo.bob()));
            bob.openChat(duo.alice().username());
            String image = "[data-testid=message] [data-testid=image] img";
            bob.until(d -> Boolean.TRUE.equals(bob.js(
                            "const i = document.querySelector(arguments[0]); return !!i && i.complete && i.naturalWidth === 400;",
                            image))
                    ? true
                    : null);
            assertThat(bob.all("[data-testid=message] [data-testid=file]"))
                    .extracting(WebElement::getText)
                    .anySatisfy(text ->
                            assertThat(text).contains(notes.getFileName().toString()));
            assertThat(bob.visible("[data-testid=message] [data-testid=file]").getAttribute("href"))
                    .contains("/files/");
            bob.click("[data-testid=message] [data-testid=image]");
            until(
                    bob,
                    "document.getElementById('viewer').open && document.getElementById('viewer-image').naturalWidth === 400");
            bob.click("[data-testid=viewer-close]");
            until(bob, "!document.getElementById('viewer').open");
            // from the keyboard: the list is one tab stop, F opens the focused message's first file
            bob.driver.findElement(By.cssSelector("[data-testid=message]")).sendKeys("f");
            until(bob, "document.getElementById('viewer').open");
        } finally {
            java.nio.file.Files.deleteIfExists(picture);
            java.nio.file.Files.deleteIfExists(notes);
        }
    }

    /** The text of a message's reaction chip for an emoji, or null when there is none. */
    private static String chip(Browser b, String row, String emoji) {
        return (String) b.js(
                "const c = document.querySelector(arguments[0]); return c ? c.textContent : null;",
                row + " [data-testid=reaction][data-emoji='" + emoji + "']");
    }
}
