package io.chatpass.server.livechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.server.support.Browser;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * livechat.js in headless Chromium with a stand-in widget that calls the provider as LiveChat's widget does
 * (providers.md): getToken on load; on an authentication failure getFreshToken, then getToken while it is in flight.
 */
class LiveChatGlueIT {
    @TempDir
    static Path dir;
    static AccountsStandIn upstream;
    static TestServer chatpass;
    static HostSite site;
    static String siteOrigin;

    static final String WIDGET = """
            <script>
              window.lcCalls = [];
              window.LiveChatWidget = {
                init: function () {
                  lcCalls.push('init');
                  var factory = window.__lc.custom_identity_provider;
                  if (!factory) { lcCalls.push('anonymous'); window.widgetReady = Promise.resolve(null); return; }
                  window.cip = factory();
                  window.widgetReady = cip.getToken().then(function (t) { lcCalls.push('getToken'); return t; });
                },
                call: function (method, value) { lcCalls.push(method + ':' + value); }
              };
            </script>
            """;

    @BeforeAll
    static void start() throws Exception {
        upstream = new AccountsStandIn();
        site = new HostSite();
        siteOrigin = site.origin();
        chatpass = TestServer.start(dir, LiveChatFixtures.yaml(upstream.baseUrl()), Map.of("CHATPASS_SERVER_ALLOWEDORIGINS", siteOrigin));
        String glue = "http://127.0.0.1:" + chatpass.app().port() + "/v1/widget/livechat.js";
        // /shop?bearer=TOKEN: a page that keeps its login token out of cookies and hands it to Chatpass.setLoginToken.
        site.serve(uri -> "<!doctype html><html><head><script src=\"" + glue + "\" data-set-customer=\"true\"></script>"
                + (uri.getQuery() != null && uri.getQuery().startsWith("bearer=")
                        ? "<script>Chatpass.setLoginToken(function () { return '" + uri.getQuery().substring(7) + "'; });</script>" : "")
                + WIDGET + "</head><body><h1>Shop</h1></body></html>");
    }

    @AfterAll
    static void stop() {
        site.close();
        chatpass.close();
        upstream.close();
    }

    static ChromeDriver device(String user) {
        ChromeDriver b = Browser.start();
        b.get(siteOrigin + "/blank");
        if (user != null) b.manage().addCookie(new Cookie("token", LiveChatFixtures.login(user), "/"));
        b.get(siteOrigin + "/shop");
        return b;
    }

    static Object js(ChromeDriver b, String body) {
        return b.executeAsyncScript("var done = arguments[arguments.length - 1];" + body);
    }

    static void shot(ChromeDriver b, String name) throws Exception {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), b.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWidgetsCallingPatternGetsOneSharedFreshToken() throws Exception {
        ChromeDriver b = device("ann");
        try {
            Map<String, Object> first = (Map<String, Object>) js(b, "Chatpass.livechat.ready.then(function () { return widgetReady; }).then(done);");
            assertThat(first).containsKeys("accessToken", "entityId", "expiresIn", "tokenType", "creationDate", "organizationId");
            assertThat(first).doesNotContainKey("licenseId");
            assertThat(((Number) first.get("expiresIn")).longValue()).isEqualTo(28_800_000L);
            Map<String, Object> sameShape = (Map<String, Object>) js(b, "widgetReady.then(function (t) { done(JSON.parse(JSON.stringify(t))); });");
            assertThat(sameShape).isEqualTo(first);
            // authentication failure: getFreshToken, then getToken while it is in flight must give the same promise
            Map<String, Object> refresh = (Map<String, Object>) js(b, """
                    var f = cip.getFreshToken(); var g = cip.getToken();
                    Promise.all([f, g]).then(function (r) { done({same: f === g, a: r[0], b: r[1]}); });
                    """);
            assertThat(refresh.get("same")).isEqualTo(true);
            Map<String, Object> fresh = (Map<String, Object>) refresh.get("a");
            assertThat(fresh.get("entityId")).isEqualTo(first.get("entityId"));
            assertThat(fresh.get("accessToken")).isNotEqualTo(first.get("accessToken"));
            assertThat(js(b, "cip.hasToken().then(done);")).isEqualTo(true);
            assertThat(js(b, "cip.getToken().then(function (t) { done(t.accessToken); });")).isEqualTo(fresh.get("accessToken"));
            js(b, "cip.invalidate().then(function () { done(null); });");
            assertThat(js(b, "cip.hasToken().then(done);")).isEqualTo(false);
            var identity = chatpass.send(chatpass.request("/v1/livechat/identity").header("Cookie", "token=" + LiveChatFixtures.login("ann")));
            assertThat(Json.MAPPER.readTree(identity.body()).get("tokenCached").asBoolean()).isFalse();
            assertThat(Json.MAPPER.readTree(identity.body()).get("hasIdentity").asBoolean()).isTrue();
            List<String> calls = (List<String>) b.executeScript("return lcCalls;");
            assertThat(calls).contains("init", "getToken", "set_customer_name:User ann", "set_customer_email:ann@example.com");
            shot(b, "livechat-glue");
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSinglePageAppSigningInReloadsOnceIntoTheCustomerAndSigningOutInvalidatesItsToken() throws Exception {
        ChromeDriver b = device(null);
        try {
            assertThat(js(b, "Chatpass.livechat.ready.then(done);")).isEqualTo(false);
            b.executeScript("window.marker = 'first load';");
            b.manage().addCookie(new Cookie("token", LiveChatFixtures.login("spa"), "/")); // the site's own sign-in
            b.executeScript("Chatpass.signedIn();");
            // LiveChat reads its identity provider only as the widget starts: the glue reloads the page once
            long end = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < end && "first load".equals(b.executeScript("return window.marker || null;"))) Thread.sleep(100);
            assertThat(b.executeScript("return window.marker || null;")).as("reloaded").isNull();
            Map<String, Object> token = (Map<String, Object>) js(b, "Chatpass.livechat.ready.then(function () { return widgetReady; }).then(done);");
            assertThat(token).containsKey("entityId");
            assertThat((List<String>) b.executeScript("return lcCalls;")).contains("getToken");

            b.executeScript("window.events = []; Chatpass.on('error', function (e) { events.push(e.vendor + ':' + e.code); });"
                    + "Chatpass.autoReload = false; Chatpass.signedOut();");
            long until = System.nanoTime() + 10_000_000_000L;
            boolean cached = true;
            while (System.nanoTime() < until && cached) {
                var identity = chatpass.send(chatpass.request("/v1/livechat/identity").header("Cookie", "token=" + LiveChatFixtures.login("spa")));
                cached = Json.MAPPER.readTree(identity.body()).get("tokenCached").asBoolean();
                Thread.sleep(100);
            }
            assertThat(cached).as("the user's customer token invalidated on sign-out").isFalse();
            assertThat(b.executeScript("return events;")).asList().containsExactly("livechat:reload_required");
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEmailTheLoginDidNotVerifyIsNotSetAsTheCustomersEmail() {
        ChromeDriver b = Browser.start();
        try {
            String login = io.chatpass.server.support.Logins.of(LiveChatFixtures.LOGIN_SECRET, "unv").name("User unv")
                    .unverifiedEmail("victim@example.com", null).token();
            b.get(siteOrigin + "/shop?bearer=" + login);
            assertThat(js(b, "Chatpass.livechat.ready.then(done);")).isEqualTo(true);
            List<String> calls = (List<String>) b.executeScript("return lcCalls;");
            assertThat(calls).contains("set_customer_name:User unv").noneMatch(c -> c.startsWith("set_customer_email"));
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLoginTokenFromThePageIsSentAsBearerWithoutAnyCookie() {
        ChromeDriver b = Browser.start();
        try {
            b.get(siteOrigin + "/shop?bearer=" + LiveChatFixtures.login("dee"));
            assertThat(b.manage().getCookies()).isEmpty();
            assertThat(js(b, "Chatpass.livechat.ready.then(done);")).isEqualTo(true);
            Map<String, Object> token = (Map<String, Object>) js(b, "widgetReady.then(function (t) { done(JSON.parse(JSON.stringify(t))); });");
            assertThat(token).containsKeys("accessToken", "entityId");
            assertThat(js(b, "cip.getFreshToken().then(function (t) { done(t.entityId); });")).isEqualTo(token.get("entityId"));
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSignedOutVisitorKeepsLiveChatsAnonymousBehaviour() {
        ChromeDriver b = device(null);
        try {
            assertThat(js(b, "Chatpass.livechat.ready.then(done);")).isEqualTo(false);
            List<String> calls = (List<String>) b.executeScript("return lcCalls;");
            assertThat(calls).containsExactly("init", "anonymous");
            assertThat(b.executeScript("return window.__lc.custom_identity_provider === undefined;")).isEqualTo(true);
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusalsCarryTheSsoCodeAndTransientErrorsDoNot() {
        ChromeDriver b = device("bo");
        try {
            js(b, "Chatpass.livechat.ready.then(function () { return widgetReady; }).then(done);");
            upstream.faults.add(AccountsStandIn.Fault.ACCESS_DENIED);
            Map<String, Object> refused = (Map<String, Object>) js(b,
                    "cip.getFreshToken().then(function () { done('resolved'); }, function (e) { done({code: e.code || null, message: e.message}); });");
            assertThat(refused).containsEntry("code", "SSO_IDENTITY_EXCEPTION").containsEntry("message", "access_denied");
            upstream.faults.add(AccountsStandIn.Fault.INVALID_CLIENT);
            Map<String, Object> oauth = (Map<String, Object>) js(b,
                    "cip.getFreshToken().then(function () { done('resolved'); }, function (e) { done({code: e.code || null, message: e.message}); });");
            assertThat(oauth).containsEntry("code", "SSO_OAUTH_EXCEPTION").containsEntry("message", "invalid_client");
            for (int i = 0; i < 4; i++) upstream.faults.add(AccountsStandIn.Fault.SERVER_ERROR);
            Map<String, Object> transientError = (Map<String, Object>) js(b,
                    "cip.getFreshToken().then(function () { done('resolved'); }, function (e) { done({code: e.code || null, message: e.message}); });");
            assertThat(transientError.get("code")).isNull();
            upstream.faults.clear();
        } finally {
            b.quit();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoDevicesOfOneUserAreOneCustomer() {
        ChromeDriver phone = device("cy");
        ChromeDriver laptop = device("cy");
        ChromeDriver other = device("dee");
        try {
            String script = "Chatpass.livechat.ready.then(function () { return widgetReady; }).then(function (t) { done(t.entityId); });";
            Object a = js(phone, script);
            Object b = js(laptop, script);
            Object c = js(other, script);
            assertThat(a).isEqualTo(b).isNotEqualTo(c);
        } finally {
            phone.quit();
            laptop.quit();
            other.quit();
        }
    }
}
