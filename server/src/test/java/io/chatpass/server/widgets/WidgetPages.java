package io.chatpass.server.widgets;

import io.chatpass.server.support.Browser;
import io.chatpass.server.support.HostSite;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.web.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the browser tests of the glue scripts share: a Chatpass with every widget on (HubSpot's API stand-in behind
 * it), a host site of another origin, headless Chromium, and host pages holding the widgets' stand-ins, the checker
 * that plays each vendor's server, and a vendor's real glue tag.
 */
final class WidgetPages implements AutoCloseable {
    final HubSpotStandIn hubspot;
    final HostSite site;
    final TestServer chatpass;
    final ChromeDriver browser;

    private WidgetPages(Path dir, Function<WidgetPages, Function<URI, String>> pages) throws IOException {
        hubspot = new HubSpotStandIn(WidgetFixtures.HUBSPOT_APP_TOKEN);
        site = new HostSite();
        chatpass = TestServer.start(dir, WidgetFixtures.yaml("jwt", hubspot.apiRoot()), Map.of("CHATPASS_SERVER_ALLOWEDORIGINS", site.origin()));
        site.serve(pages.apply(this));
        browser = Browser.start();
    }

    /** @param pages the site's pages, given this environment (for Chatpass's port) */
    static WidgetPages start(Path dir, Function<WidgetPages, Function<URI, String>> pages) throws IOException {
        return new WidgetPages(dir, pages);
    }

    static String resource(String name) {
        try (InputStream in = WidgetPages.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loader URL (data:) that runs a stand-in's "script loaded" step, for the vendors whose glue loads a script. */
    static String loader(String fn) {
        return "data:text/javascript," + URLEncoder.encode("window.ChatpassStandins." + fn + "();", StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The attributes each vendor's glue tag takes on a host page. */
    static String attributes(String vendor) {
        return switch (vendor) {
            case "intercom" -> " data-app-id=\"app1\"";
            case "crisp" -> " data-website-id=\"site1\" data-snippet-src=\"" + loader("crispLoaded") + "\"";
            case "tawkto" -> " data-snippet-src=\"" + loader("tawkLoaded") + "\"";
            case "front" -> " data-chat-id=\"chat1\"";
            case "kustomer" -> " data-brand-id=\"brand1\"";
            case "featurebase" -> " data-app-id=\"fb1\"";
            default -> "";
        };
    }

    /** The call each vendor's stand-in records when the glue signs the visitor out (its vendor's own reset). */
    static String resetCall(String vendor) {
        return switch (vendor) {
            case "intercom", "front" -> "shutdown";
            case "crisp" -> "do:session:reset";
            case "tawkto", "helpscout", "kustomer" -> "logout";
            case "chatwoot", "drift" -> "reset";
            case "hubspot" -> "clear";
            case "salesforce" -> "clearSession";
            case "dynamics365" -> "removeAuthTokenProvider";
            case "featurebase" -> "boot"; // Featurebase has no documented logout: an anonymous boot
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    String base() {
        return "http://127.0.0.1:" + chatpass.app().port();
    }

    /**
     * A host page's head: the stand-in of the vendor's JavaScript API with its checker (the vendor's server: test
     * secrets, Chatpass's published keys), {@code before}, the vendor's glue tag, then {@code after}.
     */
    String head(String vendor, String before, String after) {
        String secrets = Json.write(Map.of("intercom", WidgetFixtures.INTERCOM, "crisp", WidgetFixtures.CRISP_VERIFY,
                "tawkto", WidgetFixtures.TAWKTO, "helpscout", WidgetFixtures.HELPSCOUT, "chatwoot", WidgetFixtures.CHATWOOT,
                "front", WidgetFixtures.FRONT, "drift", WidgetFixtures.DRIFT, "kustomer", WidgetFixtures.KUSTOMER,
                "featurebase", WidgetFixtures.FEATUREBASE));
        String keysets = Json.write(Map.of(
                "salesforce", Map.of("jwksUrl", base() + "/.well-known/jwks.json", "issuer", WidgetFixtures.SALESFORCE_ISSUER),
                "dynamics365", Map.of("publicKeyUrl", base() + "/v1/dynamics365/public-key", "issuer", WidgetFixtures.DYNAMICS_ISSUER)));
        return "<head><meta charset=\"utf-8\">"
                + "<script>" + resource("/demo/widgets-standin.js") + "</script>"
                + "<script>" + resource("/standins/checker.js") + "</script>"
                + "<script>ChatpassStandins.install(makeChecker(" + secrets + ", '" + HubSpotStandIn.TOKEN_KEY + "', " + keysets + "), ['"
                + vendor + "']);</script>"
                + before
                + "<script src=\"" + base() + "/v1/widget/" + vendor + ".js\"" + attributes(vendor) + "></script>"
                + after
                + "</head>";
    }

    @Override
    public void close() {
        if (browser != null) browser.quit();
        site.close();
        chatpass.close();
        hubspot.close();
    }
}
