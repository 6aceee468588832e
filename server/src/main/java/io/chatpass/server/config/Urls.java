package io.chatpass.server.config;

import java.net.URI;
import java.net.URISyntaxException;

final class Urls {
    private Urls() {
    }

    /** True when the value is a usable http(s) URL; otherwise adds a problem and returns false. */
    static boolean checkHttpUrl(Problems p, String key, String value) {
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

    static void checkOrigin(Problems p, String key, String value) {
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
