package io.chatpass.server.admin;

import static io.chatpass.server.admin.Html.esc;
import static io.chatpass.server.admin.Html.url;

import io.chatpass.core.users.AuditEntry;
import io.chatpass.core.users.SiteUserRecord;
import io.chatpass.core.users.UserAdministration;
import io.chatpass.server.web.AdminGuard;
import io.chatpass.server.web.ClientIp;
import io.chatpass.server.web.Json;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.Requests;
import io.chatpass.server.web.WebLayer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The admin console at /admin/: plain server-rendered pages, no script at all. Sign-in takes an operator token once
 * and then holds a session cookie (HttpOnly, SameSite=Strict, Secure when the request or server.publicUrl is https, path /admin/) that ends after the
 * idle timeout, after the absolute lifetime, or as soon as the operator's token is no longer configured. Every change is a POST carrying the session's CSRF token, from this same origin; each is audited
 * under the operator's name.
 */
public final class AdminConsole {
    static final String COOKIE = "chatpass_admin";
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final AdminGuard guard;
    private final AdminData data;
    private final ConsoleSessions sessions;
    private final Duration idle;

    private final boolean httpsPublic;

    /**
     * @param idle        a session unused this long ends
     * @param lifetime    a session this old ends, however busy
     * @param httpsPublic server.publicUrl is https (behind a TLS-terminating proxy the request itself arrives as http)
     */
    public AdminConsole(AdminGuard guard, AdminData data, DataSource ds, Clock clock, Duration idle, Duration lifetime,
                        boolean httpsPublic) {
        this.httpsPublic = httpsPublic;
        this.guard = guard;
        this.data = data;
        this.idle = idle;
        this.sessions = new ConsoleSessions(ds, clock, idle, lifetime, guard);
    }

    public void install(JavalinConfig c) {
        c.routes.get("/admin/", ctx -> ctx.redirect("/admin/users"));
        c.routes.get("/admin/login", ctx -> page(ctx, "Sign in", null, loginForm(null)));
        c.routes.post("/admin/login", this::signIn);
        c.routes.post("/admin/logout", this::signOut);
        c.routes.get("/admin/users", this::users);
        c.routes.get("/admin/user", this::user);
        c.routes.get("/admin/user/export", this::export);
        c.routes.post("/admin/user/block", ctx -> change(ctx, "block"));
        c.routes.post("/admin/user/unblock", ctx -> change(ctx, "unblock"));
        c.routes.post("/admin/user/erase", ctx -> change(ctx, "erase"));
        c.routes.get("/admin/audit", this::audit);
        c.routes.get("/admin/vendors", this::vendors);
        c.routes.get("/admin/config", ctx -> {
            ConsoleSessions.Session s = session(ctx);
            if (s == null) return;
            page(ctx, "Configuration", s, "<p class=muted>The running configuration; every secret is shown as ***.</p><pre>"
                    + esc(data.maskedConfig()) + "</pre>");
        });
    }

    // --- sessions, CSRF, page frame

    private boolean secure(Context ctx) {
        return httpsPublic || "https".equalsIgnoreCase(ctx.scheme());
    }

    /** The signed-in session, or null after sending the visitor to the sign-in page. */
    private ConsoleSessions.Session session(Context ctx) {
        Optional<ConsoleSessions.Session> s = sessions.find(ctx.cookie(COOKIE));
        if (s.isEmpty()) {
            if ("GET".equals(ctx.method().name())) ctx.redirect("/admin/login");
            else forbidden(ctx, "Your session has ended; sign in again.");
            return null;
        }
        ctx.attribute(AdminGuard.OPERATOR, s.get().operator());
        return s.get();
    }

    /** A change: a live session, the session's CSRF token, and (when the browser says) this same origin. */
    private ConsoleSessions.Session changeSession(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return null;
        String csrf = ctx.formParam("csrf");
        boolean csrfOk = csrf != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8));
        if (!csrfOk || !sameOrigin(ctx)) {
            forbidden(ctx, "This change did not come from a console page of this server (CSRF check failed).");
            return null;
        }
        return s;
    }

    /**
     * No Origin (an older browser), or one naming the host this request was sent to. The scheme is not compared: behind
     * a TLS-terminating proxy the browser says https while the request arrives as http; the host is what a forged
     * cross-site request cannot choose.
     */
    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return true;
        String host = ctx.header("Host");
        try {
            URI u = new URI(origin);
            String authority = u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
            return host != null && u.getHost() != null && authority.equalsIgnoreCase(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void forbidden(Context ctx, String why) {
        headers(ctx);
        WebLayer.keepBody(ctx);
        ctx.status(403).contentType("text/html; charset=utf-8").result(frame("Refused", null, "<p class=error>" + esc(why) + "</p>"
                + "<p><a href=\"/admin/login\">Sign in</a></p>"));
    }

    /** Same-origin referrers only: no-referrer would make the browser send "Origin: null" on the console's own forms. */
    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY").header("Cache-Control", "no-store")
                .header("Referrer-Policy", "same-origin").header("X-Content-Type-Options", "nosniff");
    }

    private static void page(Context ctx, String title, ConsoleSessions.Session s, String body) {
        headers(ctx);
        ctx.contentType("text/html; charset=utf-8").result(frame(title, s, body));
    }

    private static String frame(String title, ConsoleSessions.Session s, String body) {
        String nav = s == null ? "" : "<nav><a href=\"/admin/users\">Users</a> <a href=\"/admin/audit\">Audit log</a> "
                + "<a href=\"/admin/vendors\">Vendors</a> <a href=\"/admin/config\">Configuration</a>"
                + "<form method=post action=\"/admin/logout\" class=inline>" + csrf(s) + "<span id=operator>" + esc(s.operator())
                + "</span> <button>Sign out</button></form></nav>";
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + " · Chatpass admin</title><style>"
                + "body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1d2433}nav{display:flex;gap:16px;align-items:center;"
                + "padding:10px 24px;background:#1d2433}nav a{color:#fff}nav form{margin-left:auto;color:#fff}main{padding:16px 24px}"
                + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e6ee;padding:6px 8px;text-align:left;"
                + "vertical-align:top}.muted{color:#6b7385}.error{color:#a12020}.ok{color:#0a7d4f}.inline{display:inline}"
                + "form.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:8px 0}pre{background:#f6f7fb;padding:12px}"
                + "</style></head><body>" + nav + "<main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    private static String csrf(ConsoleSessions.Session s) {
        return "<input type=hidden name=csrf value=\"" + esc(s.csrf()) + "\">";
    }

    private static String loginForm(String error) {
        return (error == null ? "" : "<p class=error id=login-error>" + esc(error) + "</p>")
                + "<form method=post action=\"/admin/login\" class=row><label>Operator token <input type=password name=token "
                + "id=token autocomplete=off required></label><button id=signin>Sign in</button></form>";
    }

    private void signIn(Context ctx) {
        if (!sameOrigin(ctx)) {
            forbidden(ctx, "Sign in from this server's own console page.");
            return;
        }
        String token = ctx.formParam("token");
        // 429 after 10 failed attempts from this address within a minute (the admin API's guesses count too)
        Optional<String> who = guard.authenticate(token, ClientIp.of(ctx));
        if (who.isEmpty()) {
            ctx.status(401);
            WebLayer.keepBody(ctx);
            page(ctx, "Sign in", null, loginForm("That token is not an operator token of this server."));
            return;
        }
        ConsoleSessions.Created created = sessions.create(who.get(), AdminGuard.sha256(token.strip()));
        data.record(who.get(), "console.signin", null);
        ctx.header("Set-Cookie", COOKIE + "=" + created.id() + "; Path=/admin/; HttpOnly; SameSite=Strict"
                + (secure(ctx) ? "; Secure" : "") + "; Max-Age=" + idle.toSeconds());
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        if (changeSession(ctx) == null) return;
        sessions.end(ctx.cookie(COOKIE));
        ctx.header("Set-Cookie", COOKIE + "=; Path=/admin/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure(ctx) ? "; Secure" : ""));
        ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
    }

    // --- pages

    private void users(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        String q = AdminRoutes.textParam(ctx, "q");
        int pageNo = AdminRoutes.intParam(ctx, "page", 0, 0, 100_000);
        UserAdministration.Page<SiteUserRecord> p = data.search(q, pageNo, 50);
        StringBuilder b = new StringBuilder("<form method=get action=\"/admin/users\" class=row><input name=q id=q placeholder=\"id or email\" value=\""
                + esc(q) + "\"><button id=search>Search</button></form><table id=users><tr><th>id</th><th>email</th><th>name</th>"
                + "<th>first seen</th><th>last seen</th><th>blocked</th></tr>");
        for (SiteUserRecord u : p.items()) {
            b.append("<tr><td><a href=\"/admin/user?id=").append(url(u.id())).append("\">").append(esc(u.id())).append("</a></td><td>")
                    .append(esc(u.email())).append("</td><td>").append(esc(u.name())).append("</td><td>").append(u.firstSeen())
                    .append("</td><td>").append(u.lastSeen()).append("</td><td>").append(u.blocked() ? "blocked" : "").append("</td></tr>");
        }
        b.append("</table>");
        if (p.items().isEmpty()) b.append("<p class=muted>No user matches.</p>");
        if (pageNo > 0) b.append("<a href=\"/admin/users?q=").append(url(q)).append("&page=").append(pageNo - 1).append("\">Previous</a> ");
        if (p.more()) b.append("<a id=next href=\"/admin/users?q=").append(url(q)).append("&page=").append(pageNo + 1).append("\">Next</a>");
        page(ctx, "Users", s, b.toString());
    }

    @SuppressWarnings("unchecked")
    private void user(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        String id = userIdParam(ctx, ctx.queryParam("id"));
        Optional<Map<String, Object>> found = data.user(id);
        if (found.isEmpty()) {
            ctx.status(404);
            WebLayer.keepBody(ctx);
            page(ctx, "No such user", s, "<p class=muted>No site user has this id (it may have been erased).</p><p><a href=\"/admin/users\">Users</a></p>");
            return;
        }
        Map<String, Object> u = found.get();
        StringBuilder b = new StringBuilder("<table id=profile>");
        for (String k : List.of("id", "email", "name", "firstSeen", "lastSeen", "blocked", "blockedAt", "blockReason")) {
            b.append("<tr><th>").append(k).append("</th><td id=\"p-").append(k).append("\">").append(esc(u.get(k))).append("</td></tr>");
        }
        b.append("</table><h2>Vendors that know this user</h2>");
        List<Map<String, Object>> ids = (List<Map<String, Object>>) u.get("identities");
        if (ids.isEmpty()) b.append("<p class=muted>No vendor identity is stored for this user (Zendesk and the HMAC widgets keep none: they are derived on each request).</p>");
        b.append("<table id=identities>");
        for (Map<String, Object> i : ids) b.append("<tr><td>").append(esc(i.get("vendor"))).append("</td><td>").append(esc(i)).append("</td></tr>");
        b.append("</table><h2>Actions</h2>");
        String hidden = csrf(s) + "<input type=hidden name=id value=\"" + esc(id) + "\">";
        if (Boolean.TRUE.equals(u.get("blocked"))) {
            b.append("<form method=post action=\"/admin/user/unblock\" class=row>").append(hidden).append("<button id=unblock>Unblock</button></form>");
        } else {
            b.append("<form method=post action=\"/admin/user/block\" class=row>").append(hidden)
                    .append("<input name=reason id=reason maxlength=500 placeholder=\"reason (kept in the audit log)\"><button id=block>Block</button></form>");
        }
        b.append("<p><a id=export href=\"/admin/user/export?id=").append(url(id)).append("\">Export everything held about this user (JSON)</a></p>")
                .append("<form method=post action=\"/admin/user/erase\" class=row>").append(hidden)
                .append("<label><input type=checkbox name=confirm value=yes id=confirm required> erase this user, their vendor identities and cached tokens; "
                        + "the audit log keeps a pseudonym</label><button id=erase>Erase</button></form>")
                .append("<p><a href=\"/admin/audit?user=").append(url(id)).append("\">This user's audit entries</a></p>");
        page(ctx, "User " + id, s, b.toString());
    }

    private static String userIdParam(Context ctx, String raw) {
        if (raw == null || !Requests.isValidUserId(raw)) {
            throw new ProblemException(400, "invalid_user_id", "Invalid user id", "A user id is 1 to 255 characters with no control characters.");
        }
        return raw;
    }

    private void export(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        String id = userIdParam(ctx, ctx.queryParam("id"));
        Map<String, Object> out = data.export(id, s.operator()).orElseThrow(AdminRoutes::noSuchUser);
        headers(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"chatpass-user-export.json\"").contentType("application/json")
                .result(Json.write(out));
    }

    private void change(Context ctx, String what) {
        ConsoleSessions.Session s = changeSession(ctx);
        if (s == null) return;
        String id = userIdParam(ctx, ctx.formParam("id"));
        switch (what) {
            case "block" -> {
                String reason = ctx.formParam("reason");
                if (reason != null && (reason.length() > 500 || reason.chars().anyMatch(Character::isISOControl))) {
                    throw new ProblemException(400, "invalid_reason", "Invalid reason", "A reason is at most 500 characters with no control characters.");
                }
                data.block(id, reason == null || reason.isBlank() ? null : reason.strip(), s.operator());
            }
            case "unblock" -> data.unblock(id, s.operator());
            case "erase" -> {
                if (!"yes".equals(ctx.formParam("confirm"))) {
                    forbidden(ctx, "Tick the confirmation box to erase a user.");
                    return;
                }
                if (!data.erase(id, s.operator())) throw AdminRoutes.noSuchUser();
                ctx.redirect("/admin/audit?action=user.erase", HttpStatus.SEE_OTHER);
                return;
            }
            default -> throw new IllegalArgumentException(what);
        }
        ctx.redirect("/admin/user?id=" + url(id), HttpStatus.SEE_OTHER);
    }

    private void audit(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        UserAdministration.AuditFilter f = AdminRoutes.auditFilter(ctx);
        int pageNo = AdminRoutes.intParam(ctx, "page", 0, 0, 100_000);
        UserAdministration.Page<AuditEntry> p = data.audit(f, pageNo, 100);
        StringBuilder b = new StringBuilder("<form method=get action=\"/admin/audit\" class=row>"
                + "<input name=user placeholder=user value=\"" + esc(f.subject()) + "\">"
                + "<input name=action placeholder=\"action, e.g. user.block\" value=\"" + esc(f.action()) + "\">"
                + "<input name=operator placeholder=operator value=\"" + esc(f.actor()) + "\">"
                + "<input name=from placeholder=\"from (ISO time)\" value=\"" + esc(f.from()) + "\">"
                + "<input name=to placeholder=\"to (ISO time)\" value=\"" + esc(f.to()) + "\"><button>Filter</button></form>"
                + "<table id=audit><tr><th>at</th><th>operator</th><th>action</th><th>user</th><th>detail</th></tr>");
        for (AuditEntry e : p.items()) {
            b.append("<tr><td>").append(e.at()).append("</td><td class=actor>").append(esc(e.actor())).append("</td><td class=action>")
                    .append(esc(e.action())).append("</td><td class=subject>").append(esc(e.subject())).append("</td><td>")
                    .append(esc(e.detail())).append("</td></tr>");
        }
        b.append("</table>");
        if (p.more()) b.append("<p class=muted>More entries: narrow the filter, or page with &amp;page=").append(pageNo + 1).append(".</p>");
        page(ctx, "Audit log", s, b.toString());
    }

    @SuppressWarnings("unchecked")
    private void vendors(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        StringBuilder b = new StringBuilder("<table id=vendors><tr><th>vendor</th><th>configured</th><th>breaker</th>"
                + "<th>upstream calls by outcome</th><th>last errors</th></tr>");
        for (Map<String, Object> v : data.vendors()) {
            b.append("<tr><td>").append(esc(v.get("vendor"))).append("</td><td>").append(Boolean.TRUE.equals(v.get("configured")) ? "yes" : "no")
                    .append("</td><td>").append(esc(v.get("breaker") == null ? "" : v.get("breaker"))).append("</td><td>")
                    .append(esc(v.get("upstreamCalls"))).append("</td><td>");
            for (Map<String, Object> e : (List<Map<String, Object>>) v.get("lastErrors")) {
                b.append("<div>").append(esc(e.get("at"))).append(" ").append(esc(e.get("kind"))).append(": ").append(esc(e.get("message"))).append("</div>");
            }
            b.append("</td></tr>");
        }
        page(ctx, "Vendors", s, b.append("</table>").toString());
    }
}
