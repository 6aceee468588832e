package io.chatpass.server.login;

import io.chatpass.core.login.SiteUser;
import io.chatpass.server.web.Routes;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /v1/me: the verified site user as Chatpass sees it, so integrators can check their claim mapping. */
public final class LoginRoutes {
    private final Authenticator auth;

    public LoginRoutes(Authenticator auth) {
        this.auth = auth;
    }

    public void install(Routes hot) {
        hot.get("/v1/me", ctx -> {
            SiteUser u = auth.require(ctx);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", u.id());
            body.put("email", u.email());
            body.put("name", u.name());
            body.put("emailVerified", u.emailVerified());
            body.put("verifier", u.verifier());
            ctx.header("Cache-Control", "no-store").json(body);
        });
    }
}
