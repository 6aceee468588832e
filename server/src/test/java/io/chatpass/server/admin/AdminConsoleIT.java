package io.chatpass.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.login.MutableClock;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.Browser;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** The admin console in headless Chromium: an operator's whole errand, CSRF and session expiry. */
class AdminConsoleIT {
    @TempDir
    Path dir;

    TestServer start(MutableClock clock) throws Exception {
        Path config = TestServer.writeConfig(dir, 0, """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                """.formatted(AdminApiIT.LOGIN_SECRET));
        return TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config), clock);
    }

    static void shot(ChromeDriver b, String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), b.getScreenshotAs(OutputType.BYTES));
    }

    static void signIn(ChromeDriver b, String base, String token) throws InterruptedException {
        b.get(base + "/admin/");
        assertThat(b.getCurrentUrl()).endsWith("/admin/login");
        b.findElement(By.id("token")).sendKeys(token);
        b.findElement(By.id("signin")).click();
        // A form post navigates: wait for the page it lands on (the users page, or the sign-in page with its error).
        waitFor(b, () -> present(b, "operator") || present(b, "login-error"));
    }

    /** Whether the current page has the element (false while a navigation replaces the page). */
    static boolean present(ChromeDriver b, String id) {
        try {
            return !b.findElements(By.id(id)).isEmpty();
        } catch (org.openqa.selenium.WebDriverException e) {
            return false;
        }
    }

    static String textOf(ChromeDriver b, String id) {
        try {
            return b.findElement(By.id(id)).getText();
        } catch (org.openqa.selenium.WebDriverException e) {
            return null;
        }
    }

    static void waitFor(ChromeDriver b, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out at " + b.getCurrentUrl());
            Thread.sleep(50);
        }
    }

    static List<String> column(ChromeDriver b, String cssClass) {
        return b.findElements(By.cssSelector("#audit td." + cssClass)).stream().map(WebElement::getText).toList();
    }

    @Test
    void anOperatorFindsBlocksExportsAndErasesAUserAndSeesEachStepInTheAuditLog() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer s = start(clock)) {
            String base = "http://127.0.0.1:" + s.app().port();
            for (String u : new String[] {"erin-7", "frank-8"}) {
                s.send(s.request("/v1/me").header("Cookie", "token=" + AdminApiIT.login(u, u + "@example.com", "Name " + u)));
            }
            ChromeDriver b = Browser.start();
            try {
                signIn(b, base, TestServer.ALICE_TOKEN);
                assertThat(b.findElement(By.id("operator")).getText()).isEqualTo("alice");
                var cookie = b.manage().getCookieNamed(AdminConsole.COOKIE);
                assertThat(cookie.isHttpOnly()).isTrue();
                assertThat(cookie.getSameSite()).isEqualTo("Strict");

                // The overview first: counts, the vendors' health, the latest actions
                assertThat(b.getCurrentUrl()).endsWith("/admin/overview");
                assertThat(b.findElement(By.cssSelector("#card-users .number")).getText()).isEqualTo("2");
                assertThat(b.findElement(By.cssSelector("#card-blocked .number")).getText()).isEqualTo("0");
                assertThat(b.findElement(By.id("no-errors")).getText()).contains("No upstream error");
                shot(b, "admin-overview");

                b.get(base + "/admin/users");
                assertThat(b.findElement(By.id("count")).getText()).isEqualTo("2 users");
                assertThat(b.findElements(By.cssSelector("#users th"))).extracting(WebElement::getText)
                        .containsExactly("User id", "Email", "Name", "Last seen", "Status");
                assertThat(b.findElement(By.cssSelector("#users time")).getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d");
                shot(b, "admin-users");
                b.findElement(By.id("q")).sendKeys("erin");
                b.findElement(By.id("search")).click();
                waitFor(b, () -> b.getCurrentUrl().contains("q=erin"));
                List<WebElement> links = b.findElements(By.cssSelector("#users a"));
                assertThat(links).extracting(WebElement::getText).containsExactly("erin-7");
                links.get(0).click();
                waitFor(b, () -> "erin-7@example.com".equals(textOf(b, "p-email")));

                b.findElement(By.id("reason")).sendKeys("chargeback <script>alert(1)</script>");
                b.findElement(By.id("block")).click();
                waitFor(b, () -> "yes".equals(textOf(b, "p-blocked")));
                assertThat(b.findElement(By.cssSelector("#profile th")).getText()).isEqualTo("User id");
                assertThat(textOf(b, "p-blockedAt")).contains("(just now)");
                assertThat(b.findElement(By.id("p-blockReason")).getText()).isEqualTo("chargeback <script>alert(1)</script>");
                assertThat(s.send(s.request("/v1/me").header("Cookie", "token=" + AdminApiIT.login("erin-7", "erin-7@example.com", "E")))
                        .statusCode()).as("blocked at once").isEqualTo(403);

                // The page allows no script (CSP default-src 'none'): the download is fetched with the browser's session cookie.
                String href = b.findElement(By.id("export")).getDomProperty("href");
                var export = s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(href))
                        .header("Cookie", AdminConsole.COOKIE + "=" + b.manage().getCookieNamed(AdminConsole.COOKIE).getValue()));
                assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
                assertThat(Json.MAPPER.readTree(export.body()).get("profile").get("id").asText()).isEqualTo("erin-7");
                assertThat(s.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(href))).statusCode())
                        .as("no session, no export").isNotEqualTo(200);
                shot(b, "admin-user");

                b.findElement(By.id("confirm")).click();
                b.findElement(By.id("erase")).click();
                waitFor(b, () -> b.getCurrentUrl().contains("/admin/audit"));
                b.get(base + "/admin/audit");
                // The operator picks their time zone: the audit log's times follow it
                b.findElement(By.xpath("//select[@id='zone']/option[text()='Asia/Tokyo']")).click();
                b.findElement(By.cssSelector("form[action='/admin/timezone'] button")).click();
                waitFor(b, () -> textOf(b, "count") != null && textOf(b, "count").contains("Asia/Tokyo"));
                String shown = b.findElement(By.cssSelector("#audit time")).getText();
                Instant at = Instant.parse(b.findElement(By.cssSelector("#audit time")).getDomAttribute("datetime"));
                assertThat(shown).isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                        .format(at.atZone(java.time.ZoneId.of("Asia/Tokyo"))));
                assertThat(column(b, "action")).contains("user.erase", "user.export", "user.block", "console.signin");
                assertThat(column(b, "actor")).containsOnly("alice");
                assertThat(column(b, "subject")).doesNotContain("erin-7").anyMatch(v -> v.startsWith("erased:"));
                shot(b, "admin-audit");
                b.get(base + "/admin/user?id=erin-7");
                assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("No such user");

                b.get(base + "/admin/user?id=%01");
                assertThat(b.findElement(By.id("problem-title")).getText()).as("an HTML page, not JSON").isEqualTo("Invalid user id");
                assertThat(b.findElement(By.id("problem-code")).getText()).isEqualTo("invalid_user_id");

                b.get(base + "/admin/vendors");
                assertThat(b.findElements(By.cssSelector("#vendors tr"))).hasSize(1 + io.chatpass.server.vendors.VendorRegistry.all().size()); // a header row and one per vendor
                assertThat(b.findElement(By.id("vendors")).getText()).contains("Tawk.to").contains("Help Scout").doesNotContain("{");
                shot(b, "admin-vendors");
                b.get(base + "/admin/config");
                assertThat(b.findElement(By.tagName("pre")).getText()).contains("\"encryptionKeyset\" : \"***\"")
                        .doesNotContain(AdminApiIT.LOGIN_SECRET);
            } finally {
                b.quit();
            }
        }
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenOrFromAnotherSiteIsRefused() throws Exception {
        try (TestServer s = start(new MutableClock(Instant.now())); HostSite evil = new HostSite()) {
            String base = "http://127.0.0.1:" + s.app().port();
            s.send(s.request("/v1/me").header("Cookie", "token=" + AdminApiIT.login("gina-9", "g@example.com", "Gina")));
            evil.serve(() -> "<!doctype html><form id=f method=post action=\"" + base + "/admin/user/block\">"
                    + "<input name=id value=gina-9><input name=csrf value=guess></form><script>document.getElementById('f').submit();</script>");
            ChromeDriver b = Browser.start();
            try {
                signIn(b, base, TestServer.BOB_TOKEN);
                // A same-origin form without the session's CSRF token.
                b.executeScript("var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/user/block';"
                        + "var i = document.createElement('input'); i.name = 'id'; i.value = 'gina-9'; f.appendChild(i);"
                        + "document.body.appendChild(f); f.submit();");
                waitFor(b, () -> b.getCurrentUrl().endsWith("/admin/user/block"));
                assertThat(b.findElement(By.cssSelector("p.error")).getText()).contains("CSRF");
                b.get(evil.origin() + "/");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!b.getCurrentUrl().startsWith(base) && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(b.getPageSource()).contains("Refused");
                var user = s.send(s.request("/admin/v1/users/gina-9").header("Authorization", "Bearer " + TestServer.BOB_TOKEN));
                assertThat(Json.MAPPER.readTree(user.body()).get("blocked").asBoolean()).isFalse();
            } finally {
                b.quit();
            }
        }
    }

    @Test
    void pagesCarryNoScriptAStrictPolicyAndTheCookieIsSecureWhenThePublicUrlIsHttps() throws Exception {
        Path config = TestServer.writeConfig(dir, 0, "");
        String text = java.nio.file.Files.readString(config).replace("server:\n", "server:\n  publicUrl: https://chat.example.com\n");
        java.nio.file.Files.writeString(config, text);
        try (TestServer s = TestServer.start(new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(config))) {
            var login = s.get("/admin/login");
            assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                    .doesNotContain("script-src");
            assertThat(login.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(login.body()).doesNotContain("<script");
            var signedIn = s.send(s.request("/admin/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + TestServer.ALICE_TOKEN)));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict")
                    .contains("Secure").contains("Path=/admin/");
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            var users = s.send(s.request("/admin/users").header("Cookie", cookie));
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("alice").doesNotContain("<script");
        }
    }

    @Test
    void tenFailedSignInsFromOneAddressWithinAMinuteAreFollowedBy429() throws Exception {
        try (TestServer s = start(new MutableClock(Instant.now()))) {
            java.util.function.Function<String, java.net.http.HttpResponse<String>> attempt = token -> s.send(s.request("/admin/login")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + token)));
            for (int i = 0; i < io.chatpass.server.limits.RateLimits.FAILED_ADMIN_ATTEMPTS_PER_MINUTE; i++) {
                assertThat(attempt.apply("guess-" + i).statusCode()).isEqualTo(401);
            }
            var refused = attempt.apply(TestServer.ALICE_TOKEN);
            assertThat(refused.statusCode()).as("even the right token, once the address used up its attempts").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void anIdleSessionEndsAndAWrongTokenSignsNobodyIn() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (TestServer s = start(clock)) {
            String base = "http://127.0.0.1:" + s.app().port();
            ChromeDriver b = Browser.start();
            try {
                signIn(b, base, "not-an-operator-token");
                assertThat(b.findElement(By.id("login-error")).getText()).contains("not an operator token");
                assertThat(b.manage().getCookieNamed(AdminConsole.COOKIE)).isNull();

                signIn(b, base, TestServer.ALICE_TOKEN);
                clock.advance(Duration.ofMinutes(29));
                b.get(base + "/admin/users");
                assertThat(b.getCurrentUrl()).endsWith("/admin/users"); // used 29 minutes later: still signed in
                clock.advance(Duration.ofMinutes(31));
                b.get(base + "/admin/users");
                assertThat(b.getCurrentUrl()).endsWith("/admin/login");
            } finally {
                b.quit();
            }
        }
    }
}
