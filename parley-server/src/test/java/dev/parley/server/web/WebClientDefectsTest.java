package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RequiresChromium;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.http.HttpMethod;

/**
 * The defects found by trying the web client as a team would (issue 13), one test each: every one
 * of them failed on the client before the fix. Sessions and connections: {@link WebClientConnectionTest}.
 */
@RequiresChromium
class WebClientDefectsTest extends WebClientTestBase {

    // 1
    @Test
    void aDraftStaysInItsChatAcrossSwitchesAndReloads() {
        TestUser alice = register("draft");
        TestUser bob = register("draft");
        TestUser carol = register("draft");
        long withBob = direct(alice, bob);
        long withCarol = direct(alice, carol);
        try (Browser b = browser()) {
            b.login(alice.username(), password(alice));
            b.openChat(bob.username());
            b.type("for bob only");
            b.openChat(carol.username());
            until(b, "document.getElementById('text').value === ''");
            b.visible("#text").sendKeys(Keys.ENTER);
            b.openChat(bob.username());
            until(b, "document.getElementById('text').value === 'for bob only'");

            b.driver.navigate().refresh();
            b.openChat(bob.username());
            until(b, "document.getElementById('text').value === 'for bob only'");
        }
        assertThat(texts(alice, withCarol)).as("nothing went to carol").isEmpty();
        assertThat(texts(alice, withBob)).as("nor to bob: it was a draft").isEmpty();
    }

    // 2
    @Test
    void afterASearchJumpNothingIsMissingAndLiveMessagesWaitForThePresent() {
        TestUser alice = register("jump");
        TestUser bob = register("jump");
        long chat = direct(alice, bob);
        String word = uniqueName("needle");
        for (int i = 1; i <= 120; i++) {
            send(bob, chat, i == 10 ? word + " " + i : "message " + i);
        }
        try (Browser b = browser()) {
            b.login(alice.username(), password(alice));
            b.visible("#find").sendKeys(word);
            b.click("[data-testid=find-messages]");
            b.click("[data-testid=message-hit]");
            b.visible("#messages .message.highlight");
            b.visible("#jump");
            long lastSeq = 120;
            send(bob, chat, "live while away");
            until(b, "document.getElementById('jump').textContent.includes('1 new')");
            assertThat(b.messageTexts()).doesNotContain("live while away");
            assertThat(readSeq(alice, chat))
                    .as("reading the window does not mark what comes after it read")
                    .isLessThan(lastSeq);

            for (int i = 0; i < 10 && !b.messageTexts().contains("live while away"); i++) {
                int before = b.messageTexts().size();
                b.js("const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight");
                b.until(d ->
                        b.messageTexts().size() > before || b.messageTexts().contains("live while away") ? true : null);
            }
            List<String> shown = b.messageTexts();
            assertThat(shown).last().isEqualTo("live while away");
            List<String> numbered = shown.subList(0, shown.size() - 1);
            int first = Integer.parseInt(numbered.get(0).replaceAll("\\D+", " ").trim());
            for (int i = 0; i < numbered.size(); i++) {
                assertThat(numbered.get(i))
                        .as("scrolling down from the hit shows every message, in order")
                        .endsWith(" " + (first + i));
            }
            assertThat(numbered).last().isEqualTo("message 120");
            b.js("const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight");
            b.until(d -> readSeq(alice, chat) == 121 ? true : null);
            until(b, "document.getElementById('jump').hidden");
        }
    }

    // 3
    @Test
    void afterLogoutTheFormLogsInAgainInsteadOfRegistering() {
        String name = uniqueName("form");
        try (Browser b = browser()) {
            b.register(name, "password-" + name);
            b.click("#logout");
            b.visible("#auth-form");
            assertThat(b.text("#auth-submit")).isEqualTo("Log in");
            assertThat(b.all("#auth-display-row").get(0).isDisplayed()).isFalse();
            b.visible("#auth-username").sendKeys(name);
            b.visible("#auth-password").sendKeys("password-" + name);
            b.click("#auth-submit");
            b.visible("#chat-list");
            assertThat(b.text("#me-name")).isEqualTo(name);
        }
    }

    // 5
    @Test
    void receiptsShowLiveAndReadingInOneTabClearsTheBadgeInTheOther() {
        TestUser alice = register("seen");
        TestUser bob = register("seen");
        direct(alice, bob);
        try (Browser a = browser();
                Browser b = browser();
                Browser otherDevice = browser()) {
            a.login(alice.username(), password(alice));
            b.login(bob.username(), password(bob));
            otherDevice.login(bob.username(), password(bob));
            a.openChat(bob.username());
            a.send("did you read this?");
            a.visible("#messages .message.mine:not(.pending)");
            until(b, "!!document.querySelector('[data-testid=unread]')");
            until(otherDevice, "!!document.querySelector('[data-testid=unread]')");

            b.openChat(alice.username());
            a.until(d -> "seen"
                            .equals(a.js("const s = document.querySelector('#messages .message.mine"
                                    + " [data-testid=status]'); return s && s.textContent"))
                    ? true
                    : null);
            until(otherDevice, "!document.querySelector('[data-testid=unread]')");
        }
    }

    // 6
    @Test
    void anIncomingMessageAddsOneItemAndLeavesTheOthersAndTheSelectionAlone() {
        TestUser alice = register("keyed");
        TestUser bob = register("keyed");
        long chat = direct(alice, bob);
        for (int i = 1; i <= 50; i++) {
            send(bob, chat, "line " + i);
        }
        try (Browser b = browser()) {
            b.login(alice.username(), password(alice));
            b.openChat(bob.username());
            b.waitForMessages(texts -> texts.size() == 50);
            b.js("const list = document.getElementById('messages');"
                    + " window.firstItem = list.querySelector('[data-testid=message]');"
                    + " const text = list.querySelectorAll('[data-testid=text]')[45];"
                    + " const range = document.createRange(); range.selectNodeContents(text);"
                    + " getSelection().removeAllRanges(); getSelection().addRange(range);"
                    + " window.changes = {added: 0, removed: 0};"
                    + " new MutationObserver(rs => rs.forEach(r => { window.changes.added += r.addedNodes.length;"
                    + " window.changes.removed += r.removedNodes.length; })).observe(list, {childList: true});");
            send(bob, chat, "one more");
            b.waitForMessages(texts -> texts.contains("one more"));
            assertThat(b.js("return window.changes")).isEqualTo(Map.of("added", 1L, "removed", 0L));
            assertThat(b.js("return document.contains(window.firstItem)")).isEqualTo(true);
            assertThat(b.js("return getSelection().toString()")).isEqualTo("line 46");
        }
    }

    // 8
    @Test
    void aTooLongMessageIsRefusedBeforeSendingAndTheTextStays() {
        Duo duo = duo("long");
        try (Browser b = inChat(duo)) {
            b.js("const t = document.getElementById('text'); t.value = 'x'.repeat(4000);"
                    + " t.dispatchEvent(new Event('input'))");
            b.type("y");
            assertThat(b.text("#counter")).isEqualTo("4,001 / 4,000");
            b.visible("#text").sendKeys(Keys.ENTER);
            assertThat(b.text("#compose-error")).contains("4,001 characters").contains("4,000");
            assertThat(b.js("return document.getElementById('text').value.length"))
                    .isEqualTo(4001L);
            assertThat(b.all("#messages [data-testid=message]")).isEmpty();
            b.visible("#text").sendKeys(Keys.BACK_SPACE, Keys.ENTER);
            b.visible("#messages .message.mine:not(.pending)");
        }
        assertThat(texts(duo.alice(), duo.chat())).hasSize(1);
    }

    // 9
    @Test
    void groupsChangeRolesConfirmChoicesShowMembershipAndPresence() {
        TestUser alice = register("grp");
        TestUser bob = register("grp");
        String prefix = uniqueName("ca");
        TestUser carl = registerNamed(prefix + "rl");
        TestUser carol = registerNamed(prefix + "rol");
        long group = createGroup(alice, "Crew " + prefix, "private", List.of(bob.id()));
        try (Browser a = browser();
                Browser b = browser()) {
            b.login(bob.username(), password(bob));
            a.login(alice.username(), password(alice));
            a.openChat("Crew " + prefix);
            a.click("#members-toggle");
            a.until(d -> d.findElements(By.cssSelector("[data-testid=member]")).size() == 2 ? true : null);
            until(
                    a,
                    "document.querySelector('[data-user-id=\"' + arguments[0] + '\"] [data-testid=member-dot]')"
                            + ".classList.contains('online')",
                    bob.id());
            assertThat(a.text("#chat-subtitle")).isEqualTo("2 members, 2 online");

            // "ca…" could be carl or carol: the owner chooses, nobody is added by guess
            a.visible("#add-member-name").sendKeys(prefix);
            a.click("#add-member button[type=submit]");
            a.until(d -> d.findElements(By.cssSelector("[data-testid=add-candidate]"))
                                    .size()
                            == 2
                    ? true
                    : null);
            assertThat(items(get(alice, "/api/v1/chats/" + group + "/members"))).hasSize(2);
            a.until(d -> {
                for (var button : d.findElements(By.cssSelector("[data-testid=add-candidate]"))) {
                    if (button.getText().contains("@" + carol.username())) {
                        button.click();
                        return true;
                    }
                }
                return null;
            });
            a.until(d -> d.findElements(By.cssSelector("[data-testid=member]")).size() == 3 ? true : null);
            a.until(d -> a.all("#messages [data-testid=system]").stream()
                            .anyMatch(e -> e.getText().equals("You added Display " + carol.username()))
                    ? true
                    : null);
            assertThat(a.text("#chat-subtitle")).startsWith("3 members");
            assertThat(items(get(alice, "/api/v1/chats/" + group + "/members")))
                    .extracting(m -> num(map(m.get("user")).get("id")))
                    .containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id())
                    .doesNotContain(carl.id());

            // bob goes: his dot and the online count follow
            b.close();
            a.until(d -> "3 members, 1 online".equals(a.text("#chat-subtitle")) ? true : null);

            // the last owner cannot leave; after making bob owner (confirmed) she can
            a.click("#leave");
            a.confirm();
            a.until(d -> a.text("#members-error").contains("make someone else owner") ? true : null);
            a.js(
                    "const s = document.querySelector('[data-user-id=\"' + arguments[0] + '\"] select');"
                            + " s.value = 'owner'; s.dispatchEvent(new Event('change'))",
                    bob.id());
            a.confirm();
            a.until(d -> a.all("#messages [data-testid=system]").stream()
                            .anyMatch(e -> e.getText().contains("an owner"))
                    ? true
                    : null);
            // removing asks first: cancelling keeps carol
            a.click("[data-user-id=\"" + carol.id() + "\"] button.danger");
            a.click("#confirm-cancel");
            assertThat(items(get(alice, "/api/v1/chats/" + group + "/members"))).hasSize(3);
            a.click("#leave");
            a.confirm();
            a.until(d ->
                    d.findElements(By.cssSelector("[data-testid=chat-item]")).isEmpty() ? true : null);
        }
        assertThat(items(get(bob, "/api/v1/chats/" + group + "/members")))
                .extracting(m -> m.get("role"))
                .containsExactlyInAnyOrder("owner", "member");
    }

    private TestUser registerNamed(String name) {
        return user(call(
                null,
                HttpMethod.POST,
                "/api/v1/auth/register",
                Map.of("username", name, "password", "password-" + name, "displayName", "Display " + name),
                201));
    }

    // 9: last seen has a date
    @Test
    void lastSeenSaysTheDay() {
        TestUser alice = register("seenat");
        TestUser bob = register("seenat");
        direct(alice, bob);
        try (Browser a = browser()) {
            try (Browser b = browser()) {
                b.login(bob.username(), password(bob));
                until(b, "window.parley.status === 'online'");
                a.login(alice.username(), password(alice));
                a.openChat(bob.username());
                a.until(d -> "online".equals(a.text("#chat-subtitle")) ? true : null);
            }
            a.until(d -> a.text("#chat-subtitle").startsWith("last seen today at ") ? true : null);
        }
    }

    // 10
    @Test
    void theChatIsOneTabStopWithLabelledControlsRolesAndDirection() {
        TestUser alice = register("a11y");
        TestUser bob = register("a11y");
        long chat = direct(alice, bob);
        for (int i = 1; i <= 30; i++) {
            send(bob, chat, i == 30 ? "مرحبا بالعالم" : "note " + i);
        }
        try (Browser b = browser()) {
            b.login(alice.username(), password(alice));
            b.openChat(bob.username());
            b.waitForMessages(texts -> texts.size() == 30);
            assertThat(b.js("return [...document.querySelectorAll('#messages button, #messages a, #messages"
                            + " [tabindex]')].filter(e => e.tabIndex >= 0 && e.closest('#message-actions') === null"
                            + ").length"))
                    .as("the message list is one tab stop (plus the one toolbar)")
                    .isEqualTo(1L);
            assertThat(b.js("return document.querySelector('[data-testid=chat-item][aria-current=page]') !== null"))
                    .isEqualTo(true);
            assertThat(b.js("return [...document.querySelectorAll('input, textarea, select')].filter(e =>"
                            + " !e.labels.length && !e.getAttribute('aria-label')).map(e => e.id)"))
                    .as("every control has a label, not only a placeholder")
                    .isEqualTo(List.of());
            assertThat(b.js("return [...document.querySelectorAll('#messages [data-testid=text]')]"
                            + ".every(e => e.dir === 'auto')"))
                    .isEqualTo(true);
            assertThat(b.js("return document.getElementById('text').dir")).isEqualTo("auto");

            b.visible("#find").sendKeys(bob.username());
            b.visible("[data-testid=find-user]");
            b.visible("#find").sendKeys(Keys.ARROW_DOWN);
            assertThat(b.js("return document.activeElement.dataset.testid")).isEqualTo("find-user");
            b.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
            b.until(d -> b.js("return document.getElementById('find-results').hidden")
                            .equals(true)
                    ? true
                    : null);
        }
    }

    // 11
    @Test
    void onAPhoneBackReturnsToTheChatList() {
        TestUser alice = register("back");
        TestUser bob = register("back");
        direct(alice, bob);
        try (Browser phone = new Browser(port, 390, 844)) {
            phone.login(alice.username(), password(alice));
            phone.openChat(bob.username());
            assertThat(phone.driver.findElement(By.id("sidebar")).isDisplayed()).isFalse();
            phone.driver.navigate().back();
            phone.until(d -> d.findElement(By.id("sidebar")).isDisplayed() ? true : null);
            assertThat(phone.driver.getCurrentUrl()).startsWith("http://localhost:" + port + "/");
            assertThat(phone.driver.findElement(By.id("app")).isDisplayed()).isTrue();
            phone.driver.navigate().forward();
            phone.until(d -> d.findElement(By.id("chat")).isDisplayed() ? true : null);
            phone.click("#back");
            phone.until(d -> d.findElement(By.id("sidebar")).isDisplayed() ? true : null);
        }
    }
}
