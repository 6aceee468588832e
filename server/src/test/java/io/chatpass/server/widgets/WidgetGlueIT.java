package io.chatpass.server.widgets;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import java.io.IOException;
import java.net.URI;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Each glue script in headless Chromium, on a host page of another origin, against the stand-in of its vendor's
 * JavaScript API (demo/widgets-standin.js), whose "vendor side" checks the signature with WebCrypto under the
 * vendor's rule: signed in (cookie), signed in (Chatpass.setLoginToken, Bearer), signed out, and logout.
 */
class WidgetGlueIT {
    static final String ID = "glue-user";
    static final String EMAIL = "Glue.User@Example.COM";
    static final String NAME = "Glü Üser";

    @TempDir
    static Path dir;
    static WidgetPages env;
    static TestServer chatpass;
    static HostSite site;
    static HubSpotStandIn hubspot;
    static ChromeDriver browser;

    static String resource(String name) {
        return WidgetPages.resource(name);
    }

    static String loader(String fn) {
        return WidgetPages.loader(fn);
    }

    /** /VENDOR for the cookie case; /VENDOR?bearer=TOKEN has the page hand its token to Chatpass.setLoginToken. */
    static String page(URI uri) {
        String vendor = uri.getPath().substring(1);
        if (!WidgetFixtures.VENDORS.contains(vendor)) return "<!doctype html><title>blank</title>";
        String bearer = uri.getQuery() != null && uri.getQuery().startsWith("bearer=") ? uri.getQuery().substring(7) : null;
        return "<!doctype html><html>" + env.head(vendor, "",
                bearer == null ? "" : "<script>Chatpass.setLoginToken(function () { return Promise.resolve('" + bearer + "'); });</script>")
                + "<body><h1>Shop</h1></body></html>";
    }

    @BeforeAll
    static void start() throws Exception {
        env = WidgetPages.start(dir, e -> WidgetGlueIT::page);
        chatpass = env.chatpass;
        site = env.site;
        hubspot = env.hubspot;
        browser = env.browser;
    }

    @AfterAll
    static void stop() {
        if (env != null) env.close();
    }

    @BeforeEach
    void clean() {
        browser.get(site.origin() + "/blank");
        browser.manage().deleteAllCookies();
    }

    @AfterEach
    void shot() throws IOException {
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("widget-glue.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    static void signIn() {
        browser.get(site.origin() + "/blank");
        browser.manage().addCookie(new Cookie("token", WidgetFixtures.login(ID, EMAIL, NAME), "/"));
    }

    /** The stand-in's state once it has settled (verified or rejected), or after 8 s. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> settled(String vendor, boolean expectChange) {
        return (Map<String, Object>) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1], v = arguments[0], wait = arguments[1], t0 = Date.now();
                Chatpass[v].ready.then(function () {
                  (function poll() {
                    var s = ChatpassStandins.state[v];
                    if ((wait && s.status === 'anonymous') && Date.now() - t0 < 8000) { setTimeout(poll, 25); return; }
                    setTimeout(function () { done(JSON.parse(JSON.stringify(ChatpassStandins.state[v]))); }, wait ? 0 : 300);
                  })();
                });
                """, vendor, expectChange);
    }

    @SuppressWarnings("unchecked")
    static void assertVerified(String vendor, Map<String, Object> state) {
        assertThat(state.get("status")).as(vendor + " " + state).isEqualTo("verified");
        Map<String, Object> user = (Map<String, Object>) state.get("user");
        if (List.of("intercom", "tawkto", "chatwoot", "drift", "salesforce", "dynamics365", "kustomer", "featurebase").contains(vendor)) assertThat(user.get("id")).as(vendor).isEqualTo(ID);
        else assertThat(user.get("email")).as(vendor).isEqualTo(EMAIL);
        if (vendor.equals("crisp")) assertThat((String) user.get("tokenId")).matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce", "kustomer", "featurebase"})
    void signedInWithTheLoginCookieTheVendorVerifiesTheUser(String vendor) {
        signIn();
        browser.get(site.origin() + "/" + vendor);
        assertVerified(vendor, settled(vendor, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce", "kustomer", "featurebase"})
    void signedInWithTheBearerTokenFromThePageAndNoCookie(String vendor) {
        browser.get(site.origin() + "/" + vendor + "?bearer=" + WidgetFixtures.login(ID, EMAIL, NAME));
        assertThat(browser.manage().getCookies()).isEmpty();
        assertVerified(vendor, settled(vendor, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce", "dynamics365", "kustomer", "featurebase"})
    @SuppressWarnings("unchecked")
    void signedOutTheWidgetStaysAnonymousAndIsNotAskedToIdentify(String vendor) {
        browser.get(site.origin() + "/" + vendor);
        Map<String, Object> state = settled(vendor, false);
        assertThat(state.get("status")).as(vendor).isEqualTo("anonymous");
        assertThat((List<String>) state.get("calls")).as(vendor)
                .doesNotContain("login", "identify", "setUser", "set:user:email", "setIdentityToken", "setAuthTokenProvider")
                .allSatisfy(c -> assertThat(c).doesNotContain("identity"));
        assertThat((List<String>) state.get("errors")).isEmpty();
        assertThat(browser.executeScript("return Chatpass['" + vendor + "'].identity;")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"intercom", "crisp", "tawkto", "helpscout", "chatwoot", "front", "drift", "hubspot", "salesforce", "kustomer", "featurebase"})
    @SuppressWarnings("unchecked")
    void logoutCallsTheVendorsResetAndTheWidgetForgetsTheUser(String vendor) {
        signIn();
        browser.get(site.origin() + "/" + vendor);
        assertVerified(vendor, settled(vendor, true));
        browser.executeScript("Chatpass['" + vendor + "'].logout();");
        Map<String, Object> state = (Map<String, Object>) browser.executeScript(
                "return JSON.parse(JSON.stringify(ChatpassStandins.state['" + vendor + "']));");
        assertThat(state.get("status")).as(vendor).isEqualTo("anonymous");
        String reset = WidgetPages.resetCall(vendor);
        assertThat((List<String>) state.get("calls")).as(vendor).contains(reset);
        if (vendor.equals("front")) assertThat(state.get("clearedSession")).isEqualTo(true);
        if (vendor.equals("salesforce")) assertThat(state.get("endedSession")).as("clearSession(true) ends it in every tab").isEqualTo(true);
        if (vendor.equals("hubspot")) {
            assertThat(state.get("resetWidget")).isEqualTo(true);
            assertThat(browser.executeScript("return hsConversationsSettings.identificationToken === undefined;")).isEqualTo(true);
        }
        if (vendor.equals("crisp")) assertThat(browser.executeScript("return window.CRISP_TOKEN_ID === undefined;")).isEqualTo(true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void intercomUpdatesCarryTheJwtThroughTheGlueAndAreRefusedWithoutIt() {
        signIn();
        browser.get(site.origin() + "/intercom");
        assertVerified("intercom", settled("intercom", true));
        browser.executeAsyncScript("var done = arguments[arguments.length - 1]; Chatpass.intercom.update({company: 'ACME'}).then(function () { setTimeout(done, 200); });");
        assertVerified("intercom", (Map<String, Object>) browser.executeScript("return JSON.parse(JSON.stringify(ChatpassStandins.state.intercom));"));
        browser.executeAsyncScript("var done = arguments[arguments.length - 1]; Intercom('update', {company: 'ACME'}); setTimeout(done, 50);");
        Map<String, Object> raw = (Map<String, Object>) browser.executeScript("return JSON.parse(JSON.stringify(ChatpassStandins.state.intercom));");
        assertThat(raw.get("status")).isEqualTo("rejected");
    }

    @Test
    @SuppressWarnings("unchecked")
    void salesforceGetsANewTokenWhenItSaysTheIdentityTokenExpired() {
        signIn();
        browser.get(site.origin() + "/salesforce");
        assertVerified("salesforce", settled("salesforce", true));
        Map<String, Object> after = (Map<String, Object>) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1], t0 = Date.now();
                ChatpassStandins.salesforceTokenExpired();
                (function poll() {
                  var s = ChatpassStandins.state.salesforce;
                  if (s.tokens < 2 && Date.now() - t0 < 8000) { setTimeout(poll, 25); return; }
                  setTimeout(function () { done(JSON.parse(JSON.stringify(s))); }, 300);
                })();
                """);
        assertThat(after.get("tokens")).as("a second setIdentityToken after the expiry event").isEqualTo(2L);
        assertThat((List<String>) after.get("calls")).containsSubsequence("ready", "setIdentityToken", "identityTokenExpired", "setIdentityToken");
        assertVerified("salesforce", after);
    }

    /** Starts a chat in the Dynamics stand-in (what a visitor does) and returns its state once the token was checked. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> startDynamicsChat() {
        return (Map<String, Object>) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                Chatpass.dynamics365.ready.then(function () {
                  setTimeout(function () {
                    ChatpassStandins.dynamicsStartChat().then(function () {
                      done(JSON.parse(JSON.stringify(ChatpassStandins.state.dynamics365)));
                    });
                  }, 200);
                });
                """);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dynamicsStartsAChatWithATokenFromTheProviderAndTheNamedFunction() {
        signIn();
        browser.get(site.origin() + "/dynamics365");
        Map<String, Object> state = startDynamicsChat();
        assertVerified("dynamics365", state);
        assertThat((List<String>) state.get("calls")).containsSubsequence("ready", "setAuthTokenProvider", "startChat");
        assertThat((Map<String, Object>) ((Map<String, Object>) state.get("user")).get("context"))
                .containsEntry("portal_user", ID).containsEntry("emailaddress1", EMAIL).containsEntry("fullname", NAME);
        // the function named in the authentication setting answers too, without the SDK's provider
        browser.executeScript("Microsoft.Omnichannel.LiveChatWidget.SDK.removeAuthTokenProvider();");
        assertThat(browser.executeScript("return typeof auth.getAuthenticationToken;")).isEqualTo("function");
        assertVerified("dynamics365", startDynamicsChat());
        // logout: no provider, no function, and a new chat starts as nobody
        browser.executeScript("Chatpass.dynamics365.logout();");
        assertThat(browser.executeScript("return typeof (window.auth || {}).getAuthenticationToken;")).isEqualTo("undefined");
        assertThat(startDynamicsChat().get("status")).isEqualTo("anonymous");
    }

    @Test
    void dynamicsSignedOutDefinesNoTokenFunction() {
        browser.get(site.origin() + "/dynamics365");
        assertThat(startDynamicsChat().get("status")).isEqualTo("anonymous");
        assertThat(browser.executeScript("return Microsoft.Omnichannel.LiveChatWidget.SDK.getAuthTokenProvider();")).isNull();
        assertThat(browser.executeScript("return typeof (window.auth || {}).getAuthenticationToken;")).isEqualTo("undefined");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kustomerLogsInAfterStartAndNotAgainWhenTheCustomerIsAlreadyLoggedIn() {
        signIn();
        browser.get(site.origin() + "/kustomer");
        assertVerified("kustomer", settled("kustomer", true));
        Map<String, Object> again = (Map<String, Object>) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                Chatpass.kustomer.refresh().then(function () {
                  setTimeout(function () { done(JSON.parse(JSON.stringify(ChatpassStandins.state.kustomer))); }, 300);
                });
                """);
        List<String> calls = (List<String>) again.get("calls");
        assertThat(calls).containsSubsequence("start", "isLoggedIn", "login", "isLoggedIn");
        assertThat(calls.stream().filter("login"::equals).count()).as("Kustomer.isLoggedIn said yes: no second login").isEqualTo(1);
        assertThat(calls.indexOf("login")).isGreaterThan(calls.indexOf("start"));
    }

    @Test
    void aLoginTokenGivenAfterThePageLoadedIdentifiesTheVisitorThen() {
        // A single-page app: signed out at load, then its user signs in and it hands the token over.
        browser.get(site.origin() + "/drift");
        assertThat(settled("drift", false).get("status")).isEqualTo("anonymous");
        browser.executeScript("Chatpass.setLoginToken(function () { return arguments[0]; }.bind(null, arguments[0]));",
                WidgetFixtures.login(ID, EMAIL, NAME));
        assertVerified("drift", settled("drift", true));
    }

    @Test
    void aTamperedSecretIsRefusedByTheStandIn() {
        // The stand-in checks for real: the same page with Help Scout's secret changed rejects the identity.
        signIn();
        browser.get(site.origin() + "/helpscout");
        settled("helpscout", true);
        browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                ChatpassStandins.checker = makeChecker({helpscout: 'not-the-secret-0123456789abcdef'}, '');
                Chatpass.helpscout.refresh().then(function () { setTimeout(done, 300); });
                """);
        assertThat(browser.executeScript("return ChatpassStandins.state.helpscout.status;")).isEqualTo("rejected");
    }
}
