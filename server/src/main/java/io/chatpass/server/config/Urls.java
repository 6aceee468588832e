package io.chatpass.server.config;

import io.chatpass.core.IpRanges;
import java.net.URI;
import java.net.URISyntaxException;

/** URL checks shared by the configuration sections. */
public final class Urls {
    private Urls() {
    }

    /** True when the value is a usable http(s) URL; otherwise adds a problem and returns false. */
    public static boolean checkHttpUrl(Problems p, String key, String value) {
        try {
            URI u = new URI(value);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                p.add(key, "is not an http(s) URL: '" + value + "'", "write a full URL such as https://chat.example.com");
                return false;
            } else if (u.getUserInfo() != null) {
                p.add(key, "carries credentials in the URL", "remove user:password@ and configure secrets separately");
                return false;
            }
            return true;
        } catch (URISyntaxException e) {
            p.add(key, "is a malformed URL: '" + value + "'", "write a full URL such as https://chat.example.com");
            return false;
        }
    }

    /**
     * For an upstream that carries a secret (or whose answers are trusted, such as keys): https, or plain http only
     * to a literal loopback address (127.0.0.0/8 or [::1]), checked on the parsed address. A host name is never
     * taken as loopback, not even {@code localhost}: what it resolves to is not ours to check at start.
     */
    public static void checkSecretCarrier(Problems p, String key, String value) {
        if (!checkHttpUrl(p, key, value)) return;
        URI u = URI.create(value);
        if ("http".equals(u.getScheme()) && !IpRanges.isLoopbackLiteral(u.getHost())) {
            p.add(key, "uses plain http to '" + u.getHost() + "', which is not a loopback address",
                    "use https; plain http is only allowed to 127.0.0.1 or [::1]");
        }
    }

    public static void checkOrigin(Problems p, String key, String value) {
        try {
            URI u = new URI(value);
            boolean ok = ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getUserInfo() == null && (u.getRawPath() == null || u.getRawPath().isEmpty())
                    && u.getQuery() == null && u.getFragment() == null;
            if (!ok) {
                p.add(key, "is not an origin: '" + value + "'", "write scheme://host[:port] with no path, e.g. https://shop.example.com");
            }
        } catch (URISyntaxException e) {
            p.add(key, "is not an origin: '" + value + "'", "write scheme://host[:port] with no path, e.g. https://shop.example.com");
        }
    }
}
