package io.chatpass.server.web;

import java.util.Set;

/**
 * CORS from an exact allow-list. A listed origin gets exactly itself back, with credentials; any other origin gets
 * no Access-Control-Allow-Origin at all (never a wildcard, never a reflection). {@code Vary: Origin} is always sent
 * so a cache never hands one origin's answer to another. A cross-site request from an unlisted origin to an API
 * route is refused outright, so cookie-authenticated minting cannot be driven from another site.
 *
 * <p>The admin surface (/admin/: the API and the console) never answers CORS, whatever the allow-list says: the
 * allow-list names the site's origins, and with the login cookie on the parent domain the site and Chatpass are
 * same-site, so SameSite=Strict would not keep a script on the site from reading the console through an operator's
 * session. A cross-origin call to the admin API is refused, a preflight to any admin path too.
 */
public final class Cors {
    static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> allowed;
    private final String selfOrigin;

    public Cors(Set<String> allowedOrigins, String selfOrigin) {
        this.allowed = Set.copyOf(allowedOrigins);
        this.selfOrigin = selfOrigin;
    }

    /**
     * Runs before every request: sets CORS headers, answers preflights, refuses unlisted cross-site API calls.
     *
     * @return true when this was a preflight, answered here (204): no route runs
     */
    boolean apply(Exchange x) {
        x.header("Vary", "Origin");
        String origin = x.header("Origin");
        if (origin == null) return false;
        String path = x.path();
        boolean preflight = "OPTIONS".equals(x.method()) && x.header("Access-Control-Request-Method") != null;
        if (path.startsWith("/admin/") || path.equals("/admin")) {
            if (preflight || (path.startsWith("/admin/v1/") && !origin.equals(selfOrigin))) throw originNotAllowed();
            return false; // the console's pages check their own origin and CSRF token
        }
        boolean listed = allowed.contains(origin);
        if (listed) {
            x.header("Access-Control-Allow-Origin", origin);
            x.header("Access-Control-Allow-Credentials", "true");
            x.header("Access-Control-Expose-Headers", RequestIds.HEADER + ", Retry-After");
        }
        if (preflight) {
            if (!listed) throw originNotAllowed();
            x.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            x.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            x.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            x.status(204);
            return true;
        }
        if (!listed && !origin.equals(selfOrigin) && path.startsWith("/v1/") && !path.startsWith("/v1/widget/")) throw originNotAllowed();
        return false;
    }

    private static ProblemException originNotAllowed() {
        return new ProblemException(403, "origin_not_allowed", "Origin not allowed",
                "This origin is not on the server's allow-list (server.allowedOrigins).");
    }
}
