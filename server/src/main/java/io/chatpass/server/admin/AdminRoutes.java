package io.chatpass.server.admin;

import io.chatpass.core.users.SiteUserRecord;
import io.chatpass.core.users.SiteUserGate;
import io.chatpass.core.users.SiteUsers;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Requests;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** /admin/v1/users: look a site user up, block and unblock. The admin guard has already checked the token. */
public final class AdminRoutes {
    private static final String ACTOR = "admin-api";
    private final SiteUsers users;
    private final SiteUserGate gate;

    public AdminRoutes(SiteUsers users, SiteUserGate gate) {
        this.users = users;
        this.gate = gate;
    }

    public void install(JavalinConfig c) {
        c.routes.get("/admin/v1/users/{id}", this::show);
        c.routes.post("/admin/v1/users/{id}/block", this::block);
        c.routes.post("/admin/v1/users/{id}/unblock", this::unblock);
    }

    private void show(Context ctx) {
        String id = Requests.userId(ctx.pathParam("id"));
        gate.flush(); // sightings are written behind requests: an admin sees every one this process has accepted
        SiteUserRecord u = users.find(id).orElseThrow(() -> new ProblemException(Problem.notFound("No such site user.")));
        ctx.header("Cache-Control", "no-store").json(view(u));
    }

    private void block(Context ctx) {
        Requests.requireJson(ctx);
        String id = Requests.userId(ctx.pathParam("id"));
        String reason = Requests.optionalText(Requests.jsonBody(ctx), "reason", 500);
        users.block(id, reason, ACTOR);
        gate.forget(id);
        ctx.status(204);
    }

    private void unblock(Context ctx) {
        Requests.requireJson(ctx);
        String id = Requests.userId(ctx.pathParam("id"));
        if (!users.unblock(id, ACTOR)) throw new ProblemException(Problem.notFound("No such site user."));
        gate.forget(id);
        ctx.status(204);
    }

    public static Map<String, Object> view(SiteUserRecord u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("name", u.name());
        m.put("firstSeen", u.firstSeen().toString());
        m.put("lastSeen", u.lastSeen().toString());
        m.put("blocked", u.blocked());
        m.put("blockedAt", u.blockedAt() == null ? null : u.blockedAt().toString());
        m.put("blockReason", u.blockReason());
        return m;
    }
}
