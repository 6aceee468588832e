package io.chatpass.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.Browser;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The demo as a new user sees it: the demo configuration and sandbox on a real server, the demo site in headless
 * Chromium, each browser a separate profile ("another device").
 */
class DemoEndToEndIT {
    @TempDir
    static Path dir;
    static TestServer server;
    static String base;

    @BeforeAll
    static void start() {
        int port = ServerProcess.freePort();
        Path config = new DemoEnvironment(dir).prepare(port);
        server = TestServer.start(ConfigLoader.forDemo(io.chatpass.server.vendors.VendorRegistry.sections()).load(config));
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Polls the condition; an element missing or replaced during a page load counts as "not yet". */
    static void waitUntil(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean holds(Supplier<Boolean> condition) {
        try {
            return Boolean.TRUE.equals(condition.get());
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return false;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (replacedDuringLoad(e)) return false;
            throw e;
        }
    }

    /**
     * Chromedriver reports an element whose page went away mid-command as a generic error rather than a stale element
     * (CI saw "unhandled inspector error: Node with given id does not belong to the document" while the sign-out
     * reloaded the page); those, and a script run as the old page's context was torn down, count as "not yet".
     */
    static boolean replacedDuringLoad(org.openqa.selenium.WebDriverException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("does not belong to the document") || m.contains("Execution context was destroyed")
                || m.contains("Cannot find context with specified id");
    }

    static ChromeDriver open() {
        ChromeDriver b = Browser.start();
        b.get(base + "/demo/");
        waitUntil("page ready", () -> "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        return b;
    }

    static void signIn(ChromeDriver b, String name) {
        b.findElement(By.id("name")).sendKeys(name);
        b.findElement(By.cssSelector("#signin button")).click();
        waitUntil("signed in as " + name, () -> b.findElement(By.id("who")).getText().equals(name));
    }

    static String lcEntity(ChromeDriver b) {
        waitUntil("LiveChat panel connected", () -> {
            String e = b.findElement(By.id("lc-panel")).getDomAttribute("data-entity-id");
            return e != null && !e.isEmpty();
        });
        return b.findElement(By.id("lc-panel")).getDomAttribute("data-entity-id");
    }

    static void send(ChromeDriver b, String panel, String text) {
        b.findElement(By.id(panel + "-input")).sendKeys(text);
        b.findElement(By.cssSelector("#" + panel + "-form button")).click();
        waitUntil("message shown", () -> messages(b, panel).contains(text));
    }

    static String messages(ChromeDriver b, String panel) {
        return b.findElement(By.id(panel + "-messages")).getText();
    }

    static void shot(ChromeDriver b, String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), b.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theConsoleShowsTheDemosUsersAndTheirVendorIdentities() throws Exception {
        ChromeDriver b = open();
        try {
            signIn(b, "Dora");
            assertThat(lcEntity(b)).isNotEqualTo("anonymous");
            b.get(base + "/admin/login");
            b.findElement(By.id("token")).sendKeys(Files.readString(dir.resolve("secrets/admin-token")).strip());
            b.findElement(By.id("signin")).click();
            waitUntil("the overview", () -> b.getCurrentUrl().endsWith("/admin/overview") && !b.findElements(By.id("health")).isEmpty());
            assertThat(b.findElement(By.cssSelector("#card-identities-livechat .number")).getText()).isNotEqualTo("0");
            assertThat(b.findElement(By.id("health")).getText()).contains("LiveChat").contains("closed");
            shot(b, "console-overview");
            b.get(base + "/admin/users?q=dora");
            b.findElement(By.cssSelector("#users a")).click();
            waitUntil("the user's page", () -> !b.findElements(By.id("identities")).isEmpty());
            assertThat(b.findElement(By.id("identities")).getText()).contains("LiveChat").contains("Customer id").doesNotContain("{vendor=");
            shot(b, "console-user");
            b.get(base + "/admin/vendors");
            shot(b, "console-vendors");
        } finally {
            b.quit();
        }
    }

    @Test
    void oneUserOnTwoDevicesIsOneCustomerWithOneHistory() throws Exception {
        ChromeDriver phone = open();
        ChromeDriver laptop = null;
        try {
            signIn(phone, "Alice");
            String entity = lcEntity(phone);
            assertThat(entity).isNotEqualTo("anonymous");
            send(phone, "lc", "hello from the phone");
            send(phone, "zd", "zendesk hello from the phone");
            shot(phone, "demo-alice-phone");

            laptop = open();
            signIn(laptop, "Alice");
            assertThat(lcEntity(laptop)).isEqualTo(entity);
            ChromeDriver l = laptop;
            waitUntil("history on the second device", () -> messages(l, "lc").contains("hello from the phone"));
            waitUntil("zendesk history on the second device", () -> messages(l, "zd").contains("zendesk hello from the phone"));
            shot(laptop, "demo-alice-laptop");
        } finally {
            phone.quit();
            if (laptop != null) laptop.quit();
        }
    }

    @Test
    void anotherUserHasTheirOwnCustomerAndHistory() throws Exception {
        ChromeDriver alice = open();
        ChromeDriver bob = open();
        try {
            signIn(alice, "Alice B");
            send(alice, "lc", "alice's secret plans");
            signIn(bob, "Bob");
            assertThat(lcEntity(bob)).isNotEqualTo(lcEntity(alice)).isNotEqualTo("anonymous");
            // A positive sync point instead of a sleep: once Bob's own message is shown, his panel holds his
            // conversation as the server has it, which must not hold Alice's.
            send(bob, "lc", "bob's hello");
            assertThat(messages(bob, "lc")).contains("bob's hello").doesNotContain("alice's secret plans");
        } finally {
            alice.quit();
            bob.quit();
        }
    }

    @Test
    void theWidgetPickerShowsEachChosenWidgetWithTheVerifiedIdentity() throws Exception {
        ChromeDriver b = open();
        try {
            assertThat(b.findElements(By.cssSelector("#widget-picker input[name=w]"))).hasSize(io.chatpass.server.widgets.WidgetFixtures.VENDORS.size());
            String all = "?w=intercom&w=crisp&w=tawkto&w=helpscout&w=chatwoot&w=front&w=drift&w=hubspot&w=salesforce&w=dynamics365&w=kustomer&w=featurebase";
            b.get(base + "/demo/" + all);
            for (String v : io.chatpass.server.widgets.WidgetFixtures.VENDORS) {
                waitUntil(v + " anonymous", () -> "anonymous".equals(b.findElement(By.id("w-" + v)).getDomAttribute("data-status")));
            }
            signIn(b, "Erin");
            b.get(base + "/demo/" + all);
            for (String v : io.chatpass.server.widgets.WidgetFixtures.VENDORS) {
                waitUntil(v + " verified", () -> "verified".equals(b.findElement(By.id("w-" + v)).getDomAttribute("data-status")));
                String text = b.findElement(By.id("w-" + v + "-status")).getText();
                assertThat(text).as(v).contains("Verified").containsAnyOf("erin@demo.example", "id ");
            }
            assertThat(b.findElement(By.id("w-front-status")).getText()).contains("erin@demo.example");
            shot(b, "demo-widgets");
            // picking only two shows only those two
            b.get(base + "/demo/?w=drift&w=front");
            waitUntil("drift verified", () -> "verified".equals(b.findElement(By.id("w-drift")).getDomAttribute("data-status")));
            assertThat(b.findElements(By.cssSelector("#widget-cards .card"))).hasSize(2);
        } finally {
            b.quit();
        }
    }

    @Test
    void aSignedOutVisitorIsAnonymousInBothWidgets() throws Exception {
        ChromeDriver b = open();
        try {
            assertThat(b.findElement(By.id("signin")).isDisplayed()).isTrue();
            assertThat(lcEntity(b)).isEqualTo("anonymous");
            assertThat(b.findElement(By.id("zd-panel")).getDomAttribute("data-visitor")).isEqualTo("anonymous");
            assertThat(b.findElement(By.id("lc-status")).getText()).contains("Anonymous");
            shot(b, "demo-signed-out");
        } finally {
            b.quit();
        }
    }

    @Test
    void theZendeskTokenIsAcceptedByTheSandboxVerifier() throws Exception {
        ChromeDriver b = open();
        try {
            signIn(b, "Carol");
            String me = (String) b.executeAsyncScript("var done = arguments[0];"
                    + "fetch('/v1/me').then(function (r) { return r.text(); }).then(done);");
            String id = Json.MAPPER.readTree(me).get("id").asText();
            waitUntil("zendesk verified", () -> id.equals(b.findElement(By.id("zd-panel")).getDomAttribute("data-visitor")));
            assertThat(b.findElement(By.id("zd-status")).getText()).contains("Verified visitor Carol").contains("carol@demo.example");
            shot(b, "demo-carol");
        } finally {
            b.quit();
        }
    }

    @Test
    void theSinglePageModeSignsInAndOutWithoutAPageLoadAndShowsTheEvents() throws Exception {
        ChromeDriver b = open();
        try {
            b.get(base + "/demo/?spa=1&w=drift&w=salesforce");
            waitUntil("page ready", () -> "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            assertThat(b.findElement(By.id("spa-panel")).isDisplayed()).isTrue();
            waitUntil("drift anonymous", () -> "anonymous".equals(b.findElement(By.id("w-drift")).getDomAttribute("data-status")));
            b.executeScript("window.marker = 'no page load';");
            signIn(b, "Fay");
            waitUntil("drift verified", () -> "verified".equals(b.findElement(By.id("w-drift")).getDomAttribute("data-status")));
            waitUntil("salesforce verified", () -> "verified".equals(b.findElement(By.id("w-salesforce")).getDomAttribute("data-status")));
            String log = b.findElement(By.id("event-log")).getText();
            assertThat(log).contains("identity: drift identified").contains("livechat reload_required");
            assertThat(b.findElement(By.id("reload-needed")).isDisplayed()).isTrue();

            b.findElement(By.id("signout")).click();
            waitUntil("signed out", () -> b.findElement(By.id("signin")).isDisplayed());
            waitUntil("drift anonymous again", () -> "anonymous".equals(b.findElement(By.id("w-drift")).getDomAttribute("data-status")));
            waitUntil("salesforce anonymous again", () -> "anonymous".equals(b.findElement(By.id("w-salesforce")).getDomAttribute("data-status")));
            assertThat(b.findElement(By.id("event-log")).getText()).contains("signedOut");
            assertThat(b.executeScript("return window.marker;")).as("no page load at any step").isEqualTo("no page load");
            assertThat(b.manage().getCookieNamed("token")).isNull();
            shot(b, "demo-spa");
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void signingOutLogsOutOfEachWidget() throws Exception {
        ChromeDriver b = open();
        try {
            signIn(b, "Dora");
            lcEntity(b);
            String token = b.manage().getCookieNamed("token").getValue();
            b.executeScript("window.addEventListener('beforeunload', function () {"
                    + " sessionStorage.setItem('events', JSON.stringify(window.demoEvents)); });");
            b.findElement(By.id("signout")).click();
            waitUntil("signed out", () -> b.findElement(By.id("signin")).isDisplayed());
            List<String> events = Json.MAPPER.readValue((String) b.executeScript("return sessionStorage.getItem('events');"), List.class);
            assertThat(events).contains("zendesk:authenticate", "zendesk:clearAll", "livechat:invalidate");
            assertThat(b.manage().getCookieNamed("token")).isNull();
            assertThat(lcEntity(b)).isEqualTo("anonymous");
            var identity = server.send(server.request("/v1/livechat/identity").header("Authorization", "Bearer " + token));
            assertThat(Json.MAPPER.readTree(identity.body()).get("hasIdentity").asBoolean()).isTrue();
            assertThat(Json.MAPPER.readTree(identity.body()).get("tokenCached").asBoolean()).isFalse();
        } finally {
            b.quit();
        }
    }
}
