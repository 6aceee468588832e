package io.chatpass.server.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The page API for single-page apps (Chatpass.signedIn / signedOut / on) in headless Chromium, for every widget,
 * against stand-ins that model what each vendor's widget keeps and refuses (Intercom's 403 after a shutdown until a
 * page load, Chatwoot's reset before another user, ...): an SPA signs in, navigates, signs out, signs in as another
 * user and switches users directly, without reloading unless the vendor cannot do otherwise; a sign-out in one tab
 * reaches the others; a signed-out page logs no console error; a blocked user gets an error event.
 */
class WidgetSpaIT {
    static final String ANN = "spa-ann";
    static final String ANN_EMAIL = "Ann@Example.com";
    static final String BOB = "spa-bob";
    static final String BOB_EMAIL = "Bob@Example.com";

    @TempDir
    static Path dir;
    static TestServer chatpass;
    static HostSite site;
    static ChromeDriver browser;

    static WidgetPages env;

    /**
     * /app/VENDOR: a single-page app. Its own code keeps the login token in sessionStorage (as SPAs do) and hands it
     * to Chatpass at load; spa.signIn / signOut / go are what its buttons and router do.
     */
    static String page(URI uri) {
        String path = uri.getPath();
        String vendor = path.startsWith("/app/") ? path.substring(5).replaceAll("/.*", "") : "";
        if (!WidgetFixtures.VENDORS.contains(vendor)) return "<!doctype html><title>blank</title>";
        return "<!doctype html><html>" + env.head(vendor,
                "<script>window.loads = (Number(sessionStorage.getItem('loads')) || 0) + 1;"
                        + " sessionStorage.setItem('loads', String(window.loads)); window.events = [];</script>",
                "<script>"
                        + "['identity', 'signedOut', 'error'].forEach(function (t) { Chatpass.on(t, function (e) { events.push(t + ':' + (e.vendor || '') + ':' + (e.code || e.signedIn)); }); });"
                        + "var saved = sessionStorage.getItem('login'); if (saved) Chatpass.setLoginToken(function () { return saved; });"
                        + "window.spa = {"
                        + "  signIn: function (t) { sessionStorage.setItem('login', t); return Chatpass.signedIn(t); },"
                        + "  signOut: function () { sessionStorage.removeItem('login'); Chatpass.signedOut(); },"
                        + "  go: function (p) { history.pushState({}, '', p); }"
                        + "};</script>")
                + "<body><h1>Shop</h1></body></html>";
    }

    @BeforeAll
    static void start() throws Exception {
        env = WidgetPages.start(dir, e -> WidgetSpaIT::page);
        chatpass = env.chatpass;
        site = env.site;
        browser = env.browser;
    }

    @AfterAll
    static void stop() {
        if (env != null) env.close();
    }

    @BeforeEach
    void clean() {
        for (String handle : browser.getWindowHandles()) {
            if (browser.getWindowHandles().size() == 1) break;
            browser.switchTo().window(handle).close();
        }
        browser.switchTo().window(browser.getWindowHandles().iterator().next());
        browser.get(site.origin() + "/blank");
        browser.manage().deleteAllCookies();
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
    }

    static String login(String who) {
        return WidgetFixtures.login(who, who.equals(ANN) ? ANN_EMAIL : BOB_EMAIL, who.equals(ANN) ? "Ann" : "Bob");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> state(String vendor) {
        Object s = browser.executeScript("return window.ChatpassStandins ? JSON.parse(JSON.stringify(ChatpassStandins.state['" + vendor + "'])) : null;");
        return s == null ? Map.of() : (Map<String, Object>) s;
    }

    /** Waits (up to 10 s) until the stand-in's state satisfies the condition; Dynamics starts a chat to be asked. */
    static Map<String, Object> until(String vendor, String what, Predicate<Map<String, Object>> condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> s = Map.of();
        while (System.nanoTime() < end) {
            try {
                if (vendor.equals("dynamics365")) {
                    browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                            + "if (!window.Chatpass || !Chatpass.dynamics365) { done(); return; }"
                            + "Chatpass.dynamics365.ready.then(function () { setTimeout(function () {"
                            + " ChatpassStandins.dynamicsStartChat().then(function () { done(); }); }, 150); });");
                }
                s = state(vendor);
                if (condition.test(s)) return s;
            } catch (org.openqa.selenium.WebDriverException reloading) {
                // the page is being reloaded (a vendor that needs it): ask again
            }
            Thread.sleep(100);
        }
        throw new AssertionError(vendor + ": not " + what + " within 10 s; stand-in state " + s);
    }

    @SuppressWarnings("unchecked")
    static boolean is(Map<String, Object> s, String who) {
        if (!"verified".equals(s.get("status"))) return false;
        Map<String, Object> u = (Map<String, Object>) s.get("user");
        String email = who.equals(ANN) ? ANN_EMAIL : BOB_EMAIL;
        return who.equals(u.get("id")) || email.equals(u.get("email"));
    }

    static Map<String, Object> verifiedAs(String vendor, String who) throws InterruptedException {
        return until(vendor, "verified as " + who, s -> is(s, who));
    }

    static Map<String, Object> anonymous(String vendor) throws InterruptedException {
        return until(vendor, "anonymous", s -> "anonymous".equals(s.get("status")));
    }

    static long loads() {
        return ((Number) browser.executeScript("return window.loads;")).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce",
            "dynamics365", "kustomer", "featurebase"})
    @SuppressWarnings("unchecked")
    void anSpaSignsInNavigatesSignsOutAndSwitchesUsersWithoutAReloadUnlessTheVendorNeedsOne(String vendor) throws Exception {
        boolean reloads = vendor.equals("intercom"); // 403 "App suspended" after a shutdown until the page loads again
        browser.get(site.origin() + "/app/" + vendor);
        anonymous(vendor);
        browser.executeScript("window.marker = 'same page';");

        browser.executeScript("spa.signIn(arguments[0]);", login(ANN));
        verifiedAs(vendor, ANN);
        browser.executeScript("spa.go('/app/" + vendor + "/orders');");
        assertThat(browser.getCurrentUrl()).endsWith("/orders");
        verifiedAs(vendor, ANN);

        browser.executeScript("spa.signOut();");
        Map<String, Object> out = anonymous(vendor);
        String reset = WidgetPages.resetCall(vendor);
        assertThat((List<String>) out.get("calls")).as(vendor + " reset with its vendor's call").contains(reset);
        assertThat(browser.executeScript("return window.marker;")).as("no reload so far").isEqualTo("same page");

        browser.executeScript("spa.signIn(arguments[0]);", login(BOB));
        Map<String, Object> bob = verifiedAs(vendor, BOB);
        if (vendor.equals("crisp")) {
            assertThat(bob.get("tokenId")).as("Bob's own Crisp session token").isNotNull();
        }
        assertThat(loads()).as(vendor + (reloads ? " needs one page load" : " switches in place")).isEqualTo(reloads ? 2 : 1);

        // a direct switch, without signing out first
        browser.executeScript("spa.signIn(arguments[0]);", login(ANN));
        verifiedAs(vendor, ANN);
        assertThat(loads()).isEqualTo(reloads ? 3 : 1);
        List<String> events = (List<String>) browser.executeScript("return events;");
        assertThat(events).as(vendor + " events").contains("identity:" + vendor + ":true");
        if (!reloads) assertThat(events).contains("signedOut::undefined", "identity:" + vendor + ":false");
    }

    @Test
    void aSignOutInOneTabResetsTheWidgetInTheOthers() throws Exception {
        browser.get(site.origin() + "/blank");
        browser.manage().addCookie(new Cookie("token", login(ANN), "/"));
        browser.get(site.origin() + "/app/chatwoot");
        verifiedAs("chatwoot", ANN);
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(site.origin() + "/app/chatwoot");
        verifiedAs("chatwoot", ANN);
        String second = browser.getWindowHandle();

        browser.switchTo().window(first);
        browser.executeScript("spa.signOut();");
        anonymous("chatwoot");
        browser.switchTo().window(second);
        Map<String, Object> other = anonymous("chatwoot");
        assertThat(other.get("calls").toString()).contains("reset");
        assertThat(browser.executeScript("return events;").toString()).contains("signedOut");
    }

    @Test
    void aSignedOutPageLoadLogsNoConsoleErrorAndMakesNoIdentityCall() throws Exception {
        browser.manage().logs().get(LogType.BROWSER); // drain
        for (String vendor : List.of("intercom", "drift", "salesforce", "hubspot")) {
            browser.get(site.origin() + "/app/" + vendor);
            anonymous(vendor);
            browser.executeAsyncScript("var done = arguments[arguments.length - 1]; Chatpass['" + vendor + "'].ready.then(function () { setTimeout(done, 200); });");
            Object identityCalls = browser.executeScript(
                    "return performance.getEntriesByType('resource').filter(function (e) { return e.name.indexOf('/identity') >= 0; }).length;");
            assertThat(identityCalls).as(vendor + ": no identity call signed out").isEqualTo(0L);
        }
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors on signed-out pages").isEmpty();
    }

    @Test
    void aBlockedUserGetsAnErrorEventWithItsCodeNotASilentAnonymousWidget() throws Exception {
        var block = chatpass.send(chatpass.request("/admin/v1/users/spa-blocked/block")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\"}")));
        assertThat(block.statusCode()).as(block.body()).isBetween(200, 204);
        browser.get(site.origin() + "/app/drift");
        browser.executeScript("spa.signIn(arguments[0]);", WidgetFixtures.login("spa-blocked", "blocked@example.com", "Blocked"));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String events = "";
        while (System.nanoTime() < end && !events.contains("user_blocked")) {
            events = browser.executeScript("return events.join(' ');").toString();
            Thread.sleep(100);
        }
        assertThat(events).contains("error::user_blocked");
        assertThat(state("drift").get("status")).isEqualTo("anonymous");
    }
}
