package io.chatpass.server.login;

import io.chatpass.core.LogSafe;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.LoginVerifiers;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.users.SiteUserGate;
import io.chatpass.server.web.Exchange;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.limits.RateLimits;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request into a verified, admitted site user, or a problem. The token is looked for in an auth-proxy
 * header (when a proxy verifier is configured), then {@code Authorization: Bearer}, then the login cookie: Bearer
 * wins over the cookie. The client learns only the failure's code; the log gets the precise reason, never the token.
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final String ATTRIBUTE = "chatpass.siteUser";

    private final LoginVerifiers verifiers;
    private final SiteUserGate gate;
    private final String cookieName;
    private final RateLimits limits;

    public Authenticator(LoginVerifiers verifiers, SiteUserGate gate, String cookieName, RateLimits limits) {
        this.verifiers = verifiers;
        this.gate = gate;
        this.cookieName = cookieName;
        this.limits = limits;
    }

    /** The verified user of this request (memoised on the request), or a ProblemException. */
    public SiteUser require(Exchange ctx) {
        SiteUser cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) return cached;
        SiteUser user = verify(ctx);
        limits.checkUser(user.id());
        if (!gate.admit(user)) {
            log.info("blocked site user refused (verifier {})", user.verifier());
            throw new ProblemException(403, "user_blocked", "User blocked", "This account may not use chat identity services.");
        }
        ctx.attribute(ATTRIBUTE, user);
        return user;
    }

    private SiteUser verify(Exchange ctx) {
        String token = null;
        String proxyHeader = null;
        for (String h : verifiers.proxyHeaders()) {
            String v = ctx.header(h);
            if (v != null && !v.isBlank()) {
                token = v.strip();
                proxyHeader = h;
                break;
            }
        }
        if (token == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) token = auth.substring(7).strip();
        }
        if (token == null || token.isEmpty()) token = cookie(ctx, cookieName);
        try {
            return verifiers.verify(token, proxyHeader);
        } catch (LoginFailure f) {
            // The reason may quote the token's header (nimbus echoes typ, kid, crit): escaped, so it stays one line.
            log.info("login token refused: {} ({})", f.kind(), LogSafe.clean(f.reason()));
            throw problem(f);
        }
    }

    /**
     * The login cookie, read from the raw Cookie headers: the servlet layer's full cookie parsing of every cookie
     * showed at 5% of the token route's CPU, and only one cookie is needed. The first cookie of that name wins, as in
     * the servlet API; a quoted value is unquoted.
     */
    static String cookie(Exchange ctx, String name) {
        for (String header : ctx.headers("Cookie")) {
            String v = cookieValue(header, name);
            if (v != null) return v;
        }
        return null;
    }

    static String cookieValue(String header, String name) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) i++;
            int end = header.indexOf(';', i);
            if (end < 0) end = n;
            int eq = header.indexOf('=', i);
            if (eq > i && eq < end && eq - i == name.length() && header.regionMatches(i, name, 0, name.length())) {
                String v = header.substring(eq + 1, end).strip();
                if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') v = v.substring(1, v.length() - 1);
                return v;
            }
            i = end + 1;
        }
        return null;
    }

    public static ProblemException problem(LoginFailure f) {
        return switch (f.kind()) {
            case MISSING -> new ProblemException(401, "login_token_missing", "Sign-in required",
                    "Send the site's login token as Authorization: Bearer or in the login cookie.");
            case INVALID -> new ProblemException(401, "login_token_invalid", "Login token not accepted",
                    "The login token was not accepted; sign in again.");
            case CLAIM_MISSING -> new ProblemException(422, "login_claim_missing", "Login claim missing",
                    "The login token has no '" + f.claim() + "' claim, which this service needs.");
            case CLAIM_INVALID -> new ProblemException(422, "login_claim_invalid", "Login claim unusable",
                    "The login token's '" + f.claim() + "' claim is not usable.");
            case EMAIL_UNVERIFIED -> new ProblemException(422, "login_email_unverified", "Email not verified",
                    "The login has not verified this email address, and this vendor would be told it is yours; "
                            + "verify it with the site's sign-in, then try again.");
            case KEYS_UNAVAILABLE -> new ProblemException(new Problem(503, "upstream_unavailable", "Login keys unavailable",
                    "The login provider's keys cannot be fetched right now; try again shortly."), Map.of("Retry-After", "5"));
        };
    }
}
