package io.chatpass.server.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.chatpass.server.support.Browser;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * zendesk.js in headless Chromium, on a host page of another origin, against stand-in widget objects that record
 * what they receive (the vendors' widgets cannot be loaded offline).
 */
class ZendeskGlueIT {
    @TempDir
    static Path dir;
    static TestServer chatpass;
    static HostSite site;
    static String siteOrigin;
    ChromeDriver browser;

    static final String STANDINS = """
            <script>
              window.calls = [];
              window.$zopim = function (fn) { fn(); };
              window.$zopim.livechat = {
                authenticate: function (o) { calls.push('zopim.authenticate'); window.zopimJwtFn = o.jwtFn; },
                clearAll: function () { calls.push('zopim.clearAll'); }
              };
              window.zE = function () {
                var a = Array.prototype.slice.call(arguments);
                calls.push('zE:' + a[0] + ':' + a[1]);
                if (a[0] === 'messenger' && a[1] === 'loginUser') { window.messengerJwtFn = a[2]; a[3](null); }
              };
              window.zChat = {
                init: function (o) { calls.push('zChat.init'); window.zChatOptions = o; },
                logout: function () { calls.push('zChat.logout'); }
              };
              window.onAnon = function () { calls.push('anonymous-callback'); };
            </script>
            """;

    @BeforeAll
    static void start() throws Exception {
        site = new HostSite();
        siteOrigin = site.origin();
        chatpass = TestServer.start(dir, ZendeskRoutesIT.yaml("key-1", null), Map.of("CHATPASS_SERVER_ALLOWEDORIGINS", siteOrigin));
        String glue = "http://127.0.0.1:" + chatpass.app().port() + "/v1/widget/zendesk.js";
        // /shop?bearer=TOKEN: a page that keeps its login token out of cookies and hands it to Chatpass.setLoginToken.
        site.serve(uri -> "<!doctype html><html><head>" + STANDINS + "<script src=\"" + glue
                + "\" data-widgets=\"classic,webwidget,sdk,messaging\" data-on-anonymous=\"onAnon\"></script>"
                + (uri.getQuery() != null && uri.getQuery().startsWith("bearer=")
                        ? "<script>Chatpass.setLoginToken(function () { return '" + uri.getQuery().substring(7) + "'; });</script>" : "")
                + "</head><body><h1>Shop</h1></body></html>");
    }

    @AfterAll
    static void stop() {
        site.close();
        chatpass.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            Path shots = Path.of("target/screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("zendesk-glue.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
    }

    void signIn(String user) {
        browser.get(siteOrigin + "/blank");
        browser.manage().addCookie(new Cookie("token", ZendeskRoutesIT.login(user), "/"));
    }

    Object js(String asyncBody) {
        return browser.executeAsyncScript("var done = arguments[arguments.length - 1];" + asyncBody);
    }

    @Test
    void jwtFnCalledTwiceGetsTwoDistinctValidTokens() {
        signIn("ann");
        browser.get(siteOrigin + "/shop");
        Object signedIn = js("Chatpass.zendesk.ready.then(done);");
        assertThat(signedIn).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> tokens = (List<String>) js("""
                var out = [];
                zopimJwtFn(function (t1) { out.push(t1); zopimJwtFn(function (t2) { out.push(t2); done(out); }); });
                """);
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0)).isNotEqualTo(tokens.get(1));
        for (String t : tokens) {
            DecodedJWT jwt = JWT.require(Algorithm.HMAC256(ZendeskRoutesIT.CHAT_SECRET)).build().verify(t);
            assertThat(jwt.getClaim("external_id").asString()).isEqualTo("ann");
        }
        String messaging = (String) js("messengerJwtFn(done);");
        assertThat(JWT.require(Algorithm.HMAC256(ZendeskRoutesIT.KEY1)).build().verify(messaging).getKeyId()).isEqualTo("key-1");
        String webWidget = (String) js("zESettings.webWidget.authenticate.chat.jwtFn(done);");
        JWT.require(Algorithm.HMAC256(ZendeskRoutesIT.CHAT_SECRET)).build().verify(webWidget);
        String sdk = (String) js("Chatpass.zendesk.sdkInit(zChat, {account_key: 'acc'}).then(function () {"
                + " zChatOptions.authentication.jwt_fn(done); });");
        JWT.require(Algorithm.HMAC256(ZendeskRoutesIT.CHAT_SECRET)).build().verify(sdk);
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) browser.executeScript("return calls;");
        assertThat(calls).contains("zopim.authenticate", "zE:messenger:loginUser", "zChat.init").doesNotContain("anonymous-callback");
    }

    @Test
    void theLoginTokenFromThePageIsSentAsBearerWithoutAnyCookie() {
        browser.get(siteOrigin + "/shop?bearer=" + ZendeskRoutesIT.login("cy"));
        assertThat(browser.manage().getCookies()).isEmpty();
        assertThat(js("Chatpass.zendesk.ready.then(done);")).isEqualTo(true);
        String token = (String) js("zopimJwtFn(done);");
        assertThat(JWT.require(Algorithm.HMAC256(ZendeskRoutesIT.CHAT_SECRET)).build().verify(token).getClaim("external_id").asString())
                .isEqualTo("cy");
        String messaging = (String) js("messengerJwtFn(done);");
        assertThat(JWT.decode(messaging).getClaim("external_id").asString()).isEqualTo("cy");
    }

    @Test
    void signedOutVisitorStaysAnonymous() {
        browser.get(siteOrigin + "/shop");
        assertThat(js("Chatpass.zendesk.ready.then(done);")).isEqualTo(false);
        js("Chatpass.zendesk.sdkInit(zChat, {account_key: 'acc'}).then(function () { done(null); });");
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) browser.executeScript("return calls;");
        assertThat(calls).contains("anonymous-callback", "zChat.init")
                .doesNotContain("zopim.authenticate", "zE:messenger:loginUser");
        assertThat(browser.executeScript("return zChatOptions.authentication === undefined;")).isEqualTo(true);
        assertThat(browser.executeScript("return window.zESettings === undefined;")).isEqualTo(true);
    }

    @Test
    void aSinglePageAppSigningInLogsMessagingInInPlaceAndChatAsksForAPageLoad() {
        browser.get(siteOrigin + "/shop");
        assertThat(js("Chatpass.zendesk.ready.then(done);")).isEqualTo(false);
        browser.executeScript("window.events = []; Chatpass.on('error', function (e) { events.push(e.vendor + ':' + e.code); });"
                + "Chatpass.autoReload = false; window.marker = 'same page';");
        assertThat(js("Chatpass.signedIn(arguments[0]).then(function () { done(true); });".replace("arguments[0]",
                "'" + ZendeskRoutesIT.login("dee") + "'"))).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) browser.executeScript("return calls;");
        assertThat(calls).as("Messaging logs the user in without a page load").contains("zE:messenger:loginUser");
        String messaging = (String) js("messengerJwtFn(done);");
        assertThat(JWT.decode(messaging).getClaim("external_id").asString()).isEqualTo("dee");
        assertThat(browser.executeScript("return events;")).as("Zendesk Chat takes an identity only as it starts")
                .asList().containsExactly("zendesk:reload_required");
        assertThat(browser.executeScript("return window.marker;")).isEqualTo("same page");
    }

    @Test
    void logoutCallsEveryWidgetsOwnLogout() {
        signIn("bo");
        browser.get(siteOrigin + "/shop");
        js("Chatpass.zendesk.ready.then(done);");
        // Zendesk Chat needs a page load after clearAll(): with autoReload off the page only hears reload_required
        browser.executeScript("window.events = []; Chatpass.on('error', function (e) { events.push(e.vendor + ':' + e.code); });"
                + "Chatpass.autoReload = false; Chatpass.zendesk.logout();");
        @SuppressWarnings("unchecked")
        List<String> calls = (List<String>) browser.executeScript("return calls;");
        assertThat(calls).contains("zopim.clearAll", "zE:webWidget:logout", "zChat.logout", "zE:messenger:logoutUser");
        assertThat(browser.executeScript("return events;")).asList().containsExactly("zendesk:reload_required");
    }
}
