package dev.parley.server.web;

import dev.parley.server.api.ApiTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the browser tests share: a browser, people and their chat, and a few waits and reads. */
abstract class WebClientTestBase extends ApiTest {

    Browser browser() {
        return new Browser(port, 1280, 800);
    }

    static String password(TestUser user) {
        return "password-" + user.username();
    }

    /** Waits until the script (an expression) is true in the page. */
    static void until(Browser browser, String expression, Object... args) {
        browser.until(d -> Boolean.TRUE.equals(browser.js("return " + expression, args)) ? true : null);
    }

    /** Two people and their direct chat. */
    record Duo(TestUser alice, TestUser bob, long chat) {}

    Duo duo(String prefix) {
        TestUser alice = register(prefix);
        TestUser bob = register(prefix);
        return new Duo(alice, bob, direct(alice, bob));
    }

    /** Alice at a browser, in her chat with bob, connected. */
    Browser inChat(Duo duo) {
        Browser b = browser();
        b.login(duo.alice().username(), password(duo.alice()));
        b.openChat(duo.bob().username());
        until(b, "window.parley.status === 'online'");
        return b;
    }

    long readSeq(TestUser user, long chatId) {
        return items(get(user, "/api/v1/chats")).stream()
                .filter(c -> num(c.get("id")) == chatId)
                .mapToLong(c -> num(c.get("readSeq")))
                .findFirst()
                .orElseThrow();
    }

    /** The chat's texts, oldest first. */
    List<Object> texts(TestUser user, long chatId) {
        List<Object> texts =
                new ArrayList<>(items(get(user, "/api/v1/chats/" + chatId + "/messages?limit=100")).stream()
                        .map(m -> m.get("text"))
                        .toList());
        Collections.reverse(texts);
        return texts;
    }
}
