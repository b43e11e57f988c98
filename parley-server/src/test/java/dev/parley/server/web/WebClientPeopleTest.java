package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.RequiresChromium;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The people side in the browser: friends, posts, comments, likes, live notifications, avatars. */
@RequiresChromium
class WebClientPeopleTest extends WebClientTestBase {

    /** Clicks the button with this test id in the row of this user. */
    private static void inRow(Browser b, String list, long userId, String testId) {
        b.click("#" + list + " [data-user-id=\"" + userId + "\"] [data-testid=" + testId + "]");
    }

    @Test
    void twoPeopleBecomeFriendsPostCommentLikeAndSeeItLiveWithTheirPictures() throws Exception {
        TestUser alice = register("ppl");
        TestUser bob = register("ppl");
        direct(alice, bob);
        Path picture = Files.createTempFile("avatar", ".png");
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0, 0, 255));
        g.fillRect(0, 0, 200, 200);
        g.dispose();
        ImageIO.write(image, "png", picture.toFile());

        try (Browser a = browser();
                Browser b = browser()) {
            // alice sets her picture, with a preview first
            a.login(alice.username(), password(alice));
            a.click("#me-link");
            a.visible("#profile-edit");
            a.driver.findElement(By.id("avatar-file")).sendKeys(picture.toString());
            a.visible("#avatar-preview");
            a.click("#avatar-upload");
            until(a, "document.getElementById('avatar-preview').hidden");

            // bob sees it in his chat list
            b.login(bob.username(), password(bob));
            b.until(d -> "blue".equals(colourOf(b, "[data-testid=chat-item] img.avatar")) ? true : null);

            // alice asks bob to be friends; bob's bell counts it at once
            a.click("#tab-friends");
            a.visible("#people-find").sendKeys(bob.username());
            inRow(a, "people-results", bob.id(), "add-friend");
            b.until(d -> "1".equals(b.text("#bell-count")) ? true : null);
            b.click("#tab-bell");
            b.until(d -> b.text("[data-testid=notification]").contains("wants to be your friend") ? true : null);
            b.click("#tab-friends");
            inRow(b, "requests-in", alice.id(), "accept-friend");
            b.until(d -> !b.all("#friends-list [data-user-id=\"" + alice.id() + "\"]")
                            .isEmpty()
                    ? true
                    : null);
            a.until(d -> "1".equals(a.text("#bell-count")) ? true : null);

            // alice posts with a picture; bob sees both, likes it and comments
            a.click("#tab-feed");
            a.visible("#post-text").sendKeys("Hello from the trail");
            a.driver.findElement(By.id("post-images")).sendKeys(picture.toString());
            a.visible("[data-testid=post-preview]");
            a.click("[data-testid=post-submit]");
            a.until(d -> a.text("#feed-list [data-testid=post-text]").equals("Hello from the trail") ? true : null);
            a.until(d -> a.all("[data-testid=post-preview]").isEmpty() ? true : null);

            b.click("#tab-feed");
            b.until(d -> b.text("#feed-list [data-testid=post-text]").equals("Hello from the trail") ? true : null);
            b.until(d -> "blue".equals(colourOf(b, "#feed-list [data-testid=post-image]")) ? true : null);
            b.click("#feed-list [data-testid=post-like]");
            b.until(d -> "♥ 1".equals(b.text("#feed-list [data-testid=post-like]")) ? true : null);
            b.click("#feed-list [data-testid=comments-toggle]");
            b.visible("#feed-list [data-testid=comment-text]").sendKeys("Looks great!");
            b.click("#feed-list .comment-form button[type=submit]");
            b.until(d -> b.text("#feed-list [data-testid=comment-text-shown]").equals("Looks great!") ? true : null);

            // alice hears of both at once, and the feed lists them
            a.until(d -> "3".equals(a.text("#bell-count")) ? true : null);
            a.click("#tab-bell");
            a.until(d -> a.all("[data-testid=notification]").size() == 3 ? true : null);
            List<String> said = a.all("[data-testid=notification]").stream()
                    .map(WebElement::getText)
                    .toList();
            assertThat(said.get(0)).contains("commented on your post");
            assertThat(said.get(1)).contains("liked your post");
            assertThat(said.get(2)).contains("accepted your friend request");
            a.click("#notifications-read");
            a.until(d -> a.all("#bell-count").get(0).isDisplayed() ? null : true);
        }
        Map<String, Object> post = items(get(alice, "/api/v1/feed")).get(0);
        assertThat(post).containsEntry("likeCount", 1).containsEntry("commentCount", 1);
    }

    @Test
    void aMentionRingsTheBellAndOpensTheChatAtTheMessage() {
        TestUser alice = register("ment");
        TestUser bob = register("ment");
        long chat = createGroup(alice, "Trip planning", "private", List.of(bob.id()));
        try (Browser b = browser()) {
            b.login(bob.username(), password(bob));
            send(alice, chat, "@" + bob.username() + " can you book the hut?");
            for (int i = 1; i <= 80; i++) {
                send(alice, chat, "later " + i);
            }
            b.until(d -> "1".equals(b.text("#bell-count")) ? true : null);
            b.click("#tab-bell");
            b.until(d -> b.text("[data-testid=notification]").contains("mentioned you in Trip planning") ? true : null);
            b.click("[data-testid=notification] a");
            b.until(d -> b.text("#messages .message.highlight").contains("can you book the hut?") ? true : null);
        }
    }

    /** The colour at the middle of a loaded image, as a word ("blue", "grey", ...), or null while it loads. */
    static String colourOf(Browser b, String css) {
        return (String) b.js(
                "const img = document.querySelector(arguments[0]);"
                        + " if (!img || !img.complete || !img.naturalWidth) return null;"
                        + " const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
                        + " const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
                        + " const [r, gr, bl] = g.getImageData(c.width / 2, c.height / 2, 1, 1).data;"
                        + " return bl > 200 && r < 60 && gr < 60 ? 'blue' : 'other';",
                css);
    }
}
