package io.chatpass.server.login;

import io.chatpass.core.login.SiteUser;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Routes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /v1/me: the verified site user as Chatpass sees it, so integrators can check their claim mapping. GET
 * /v1/session: whether the request carries a usable login, always 200 (so a signed-out page logs no failed request):
 * {@code {signedIn: true, id}} or {@code {signedIn: false, code}} with the stable code the identity routes would
 * answer (login_missing, login_expired, user_blocked, ...), for the glue scripts' first, quiet check.
 */
public final class LoginRoutes {
    private final Authenticator auth;

    public LoginRoutes(Authenticator auth) {
        this.auth = auth;
    }

    public void install(Routes hot) {
        hot.getWithoutWaiting("/v1/me", ctx -> {
            SiteUser u = auth.require(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", u.id());
            body.put("email", u.email());
            body.put("name", u.name());
            body.put("emailVerified", u.emailVerified());
            body.put("verifier", u.verifier());
            ctx.header("Cache-Control", "no-store").json(body);
        });
        hot.getWithoutWaiting("/v1/session", ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            try {
                SiteUser u = auth.require(ctx);
                body.put("signedIn", true);
                body.put("id", u.id());
            } catch (ProblemException e) {
                int status = e.problem().status();
                if (status != 401 && status != 403) throw e; // rate limits and failures stay what they are
                body.put("signedIn", false);
                body.put("code", e.problem().code());
            }
            ctx.header("Cache-Control", "no-store").json(body);
        });
    }
}
