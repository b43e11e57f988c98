package dev.parley.server.web;

import dev.parley.server.testing.Chromium;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One person at a real headless Chromium, with the few gestures the scenarios need. */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(int port, int width, int height) {
        try {
            this.profile = Files.createTempDirectory("parley-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--lang=en-US",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(Chromium.DRIVER))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(new Dimension(width, height));
        this.base = "http://localhost:" + port;
    }

    /** Console messages of the page saying the Content-Security-Policy blocked something. */
    List<String> policyViolations() {
        return driver.manage().logs().get("browser").getAll().stream()
                .map(entry -> entry.getMessage())
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
    }

    void open() {
        driver.get(base + "/");
    }

    /**
     * Waits for the condition to answer non-null (or true). An element the page re-rendered while
     * the condition looked at it (lists render by key, replacing changed rows) means "look again",
     * not a failure: the condition finds its elements afresh on the next try.
     */
    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement visible(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    /** Clicks the first visible match, again if a re-render replaced it meanwhile. */
    void click(String css) {
        until(
                d -> { // a match re-rendered meanwhile is looked for again (see until)
                    for (WebElement e : d.findElements(By.cssSelector(css))) {
                        if (e.isDisplayed()) {
                            e.click();
                            return true;
                        }
                    }
                    return null;
                });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    void register(String username, String password) {
        open();
        visible("#auth-switch").click();
        visible("#auth-username").sendKeys(username);
        visible("#auth-password").sendKeys(password);
        visible("#auth-submit").click();
        visible("#chat-list");
    }

    void login(String username, String password) {
        open();
        visible("#auth-username").sendKeys(username);
        visible("#auth-password").sendKeys(password);
        visible("#auth-submit").click();
        visible("#chat-list");
    }

    /** Finds a person by username and opens the direct chat with them. */
    void startDirect(String username) {
        visible("#find").sendKeys(username);
        until(d -> {
            for (WebElement hit : d.findElements(By.cssSelector("[data-testid=find-user]"))) {
                if (hit.getText().contains("@" + username)) {
                    hit.click();
                    return true;
                }
            }
            return null;
        });
        visible("#chat");
    }

    /** Opens the chat whose list entry shows this name. */
    void openChat(String name) {
        until(d -> {
            for (WebElement item : d.findElements(By.cssSelector("[data-testid=chat-item]"))) {
                if (item.getText().contains(name)) {
                    item.click();
                    return true;
                }
            }
            return null;
        });
        visible("#chat");
    }

    void type(String text) {
        visible("#text").sendKeys(text);
    }

    void send(String text) {
        WebElement box = visible("#text");
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** The texts of the messages shown, read in one go (the list re-renders as events arrive). */
    @SuppressWarnings("unchecked")
    List<String> messageTexts() {
        return (List<String>)
                js("return [...document.querySelectorAll('#messages [data-testid=text]')].map(e => e.textContent)");
    }

    void waitForMessages(Function<List<String>, Boolean> condition) {
        until(d -> condition.apply(messageTexts()) ? true : null);
    }

    /** Points at a message (which makes it the one with the actions toolbar) and clicks one of its actions. */
    void messageAction(String messageCss, String action) {
        click(messageCss);
        click(messageCss + " [data-testid=" + action + "]");
    }

    /** Confirms the question the page's dialog asks. */
    void confirm() {
        click("#confirm [data-testid=confirm]");
    }

    /** Opens a second tab of this browser (same profile: they share localStorage) on the app. */
    String newTab() {
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        open();
        return first;
    }

    /** The session this browser keeps in localStorage. */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> storedSession() {
        return (java.util.Map<String, Object>) js("return JSON.parse(localStorage.getItem('parley.session'))");
    }

    String text(String css) {
        return visible(css).getText();
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    private boolean closed;

    /** Quits the browser (once: a test may close it early, as a person leaving). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.manage().logs().get("browser").getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .forEach(entry -> System.err.println("browser console: " + entry.getMessage()));
        } catch (RuntimeException ignored) {
            // the browser is gone already
        }
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
    }
}
