package io.chatpass.server.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.Browser;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Expiry while the page stays open: the server's clock runs two hours ahead of the browser's, Intercom's JWTs live
 * one minute, and the glue must replace the token through Intercom's own call ('update' with a fresh JWT) before it
 * lapses. A glue that trusted the browser's clock would think the token had two hours left and never refresh. In a
 * second tab, the same page against a server that goes away before the refresh is due: the failure is an 'error'
 * event (refresh_failed), retried, not a silent anonymous widget.
 */
class WidgetExpiryIT {
    @Test
    @SuppressWarnings("unchecked")
    void aTokenNearItsExpiryIsReplacedThroughTheVendorsCallMeasuredOnTheServersClock(@TempDir Path dir) throws Exception {
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        try (HostSite site = new HostSite()) {
            Path config = TestServer.writeConfig(dir, 0, """
                    limits: {perUserPerMinute: 1000000}
                    login:
                      verifiers:
                        - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                    widgets:
                      intercom: {mode: jwt, secret: %s, lifetimeSeconds: 60}
                    """.formatted(WidgetFixtures.LOGIN_SECRET, WidgetFixtures.INTERCOM));
            ConfigLoader loader = new ConfigLoader(Map.of("CHATPASS_SERVER_ALLOWEDORIGINS", site.origin()),
                    io.chatpass.server.vendors.VendorRegistry.sections());
            Path otherDir = java.nio.file.Files.createDirectories(dir.resolve("other"));
            Path otherConfig = TestServer.writeConfig(otherDir, 0, java.nio.file.Files.readString(config).substring(
                    java.nio.file.Files.readString(config).indexOf("limits:")));
            TestServer goingAway = TestServer.start(loader.load(otherConfig), ahead);
            java.util.concurrent.atomic.AtomicBoolean gone = new java.util.concurrent.atomic.AtomicBoolean();
            try (TestServer chatpass = TestServer.start(loader.load(config), ahead)) {
                String login = io.chatpass.server.support.Logins.of(WidgetFixtures.LOGIN_SECRET, "exp-1").expiresIn(Duration.ofHours(4).toSeconds()).token();
                int[] ports = {chatpass.app().port(), goingAway.app().port()};
                site.serve((URI uri) -> uri.getPath().startsWith("/app") ? "<!doctype html><html><head><meta charset=\"utf-8\">"
                        + "<script>" + WidgetPages.resource("/demo/widgets-standin.js") + "</script>"
                        + "<script>" + WidgetPages.resource("/standins/checker.js") + "</script>"
                        + "<script>ChatpassStandins.install(makeChecker(" + Json.write(Map.of("intercom", WidgetFixtures.INTERCOM)) + ", ''), ['intercom']);</script>"
                        + "<script src=\"http://127.0.0.1:" + ports[uri.getPath().equals("/app2") ? 1 : 0] + "/v1/widget/intercom.js\" data-app-id=\"a\"></script>"
                        + "<script>window.errors = []; Chatpass.on('error', function (e) { errors.push(e.code); });"
                        + "Chatpass.signedIn('" + login + "');</script></head><body></body></html>" : "<!doctype html><title>blank</title>");
                ChromeDriver browser = Browser.start();
                try {
                    browser.get(site.origin() + "/app2");
                    String failing = browser.getWindowHandle();
                    browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
                    browser.get(site.origin() + "/app");
                    long start = System.nanoTime();
                    Map<String, Object> state = Map.of();
                    // the token lives 60 s: the refresh is due at 45 to 51 s; the token lapses at 60 s
                    while (System.nanoTime() - start < Duration.ofSeconds(58).toNanos()) {
                        if (System.nanoTime() - start > Duration.ofSeconds(35).toNanos() && gone.compareAndSet(false, true)) {
                            goingAway.close(); // before the second tab's refresh is due
                        }
                        state = (Map<String, Object>) browser.executeScript("return JSON.parse(JSON.stringify(ChatpassStandins.state.intercom));");
                        if (((List<String>) state.get("calls")).contains("update") && "verified".equals(state.get("status"))) break;
                        Thread.sleep(250);
                    }
                    List<String> calls = (List<String>) state.get("calls");
                    assertThat(calls).as("a fresh JWT through Intercom('update') before the first one lapsed: " + state).contains("boot", "update");
                    assertThat(state.get("status")).isEqualTo("verified");
                    long elapsed = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                    assertThat(elapsed).as("not before three quarters of its life").isGreaterThanOrEqualTo(40);
                    double skew = ((Number) browser.executeScript("return Chatpass.clockSkewMs;")).doubleValue();
                    assertThat(skew).as("the server's clock measured from its answer").isBetween(7_140_000.0, 7_260_000.0);
                    assertThat(browser.executeScript("return errors;")).asList().isEmpty();

                    browser.switchTo().window(failing);
                    long waitEnd = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                    List<String> errors = List.of();
                    while (System.nanoTime() < waitEnd && !errors.contains("refresh_failed")) {
                        errors = (List<String>) browser.executeScript("return errors;");
                        Thread.sleep(250);
                    }
                    assertThat(errors).as("the failed refresh is an error event").contains("refresh_failed");
                } finally {
                    browser.quit();
                }
            } finally {
                if (gone.compareAndSet(false, true)) goingAway.close();
            }
        }
    }
}
