package io.chatpass.server.admin;

import static io.chatpass.server.admin.Html.esc;
import static io.chatpass.server.admin.Html.url;

import io.chatpass.core.users.AuditEntry;
import io.chatpass.core.users.SiteUserRecord;
import io.chatpass.core.users.UserAdministration;
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
    private final AdminOperations data;
    private final ConsoleSessions sessions;
    private final Duration idle;

    private final boolean httpsPublic;
    private final Clock clock;
    static final String TIME_ZONE_COOKIE = "chatpass_tz";

    /**
     * @param idle        a session unused this long ends
     * @param lifetime    a session this old ends, however busy
     * @param httpsPublic server.publicUrl is https (behind a TLS-terminating proxy the request itself arrives as http)
     */
    public AdminConsole(AdminGuard guard, AdminOperations data, DataSource ds, Clock clock, Duration idle, Duration lifetime,
                        boolean httpsPublic) {
        this.httpsPublic = httpsPublic;
        this.clock = clock;
        this.guard = guard;
        this.data = data;
        this.idle = idle;
        this.sessions = new ConsoleSessions(ds, clock, idle, lifetime, guard);
    }

    public void install(JavalinConfig c) {
        c.routes.get("/admin/", ctx -> ctx.redirect("/admin/overview"));
        c.routes.get("/admin/overview", this::overview);
        c.routes.post("/admin/timezone", this::timeZone);
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

    private void page(Context ctx, String title, ConsoleSessions.Session s, String body) {
        page(ctx, title, s, body, s == null ? null : format(ctx));
    }

    private static void page(Context ctx, String title, ConsoleSessions.Session s, String body, ConsoleFormat f) {
        headers(ctx);
        String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        ctx.contentType("text/html; charset=utf-8").result(frame(title, s, body, f, back));
    }

    private static String frame(String title, ConsoleSessions.Session s, String body) {
        return ConsoleFrame.frame(title, s, body, null, null);
    }

    private static String frame(String title, ConsoleSessions.Session s, String body, ConsoleFormat f, String back) {
        return ConsoleFrame.frame(title, s, body, f, back);
    }

    private static String csrf(ConsoleSessions.Session s) {
        return ConsoleFrame.csrf(s);
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
        ctx.redirect("/admin/overview", HttpStatus.SEE_OTHER);
    }

    /** The operator's time zone: their choice (a cookie of the console), else admin.timeZone. */
    private ConsoleFormat format(Context ctx) {
        java.time.ZoneId zone = data.defaultZone();
        String chosen = ctx.cookie(TIME_ZONE_COOKIE);
        if (chosen != null && java.time.ZoneId.getAvailableZoneIds().contains(chosen)) zone = java.time.ZoneId.of(chosen);
        return new ConsoleFormat(zone, clock.instant(), data.vendorNames());
    }

    private void timeZone(Context ctx) {
        if (changeSession(ctx) == null) return;
        String zone = ctx.formParam("zone");
        if (zone == null || !java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
            throw new ProblemException(400, "invalid_time_zone", "Invalid time zone", "Pick a time zone from the list.");
        }
        ctx.header("Set-Cookie", TIME_ZONE_COOKIE + "=" + zone + "; Path=/admin/; HttpOnly; SameSite=Strict; Max-Age=31536000"
                + (secure(ctx) ? "; Secure" : ""));
        String back = ctx.formParam("back");
        ctx.redirect(back != null && back.matches("/admin/[a-z]*(\\?[A-Za-z0-9=&%._~+-]*)?") ? back : "/admin/overview", HttpStatus.SEE_OTHER);
    }

    private void overview(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        ConsoleFormat f = format(ctx);
        page(ctx, "Overview", s, ConsolePages.overview(data.overview(), data.vendors(),
                data.audit(new UserAdministration.AuditFilter(null, null, null, null, null), 0, 10).items(), f), f);
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
        ConsoleFormat f = format(ctx);
        page(ctx, "Users", s, ConsolePages.users(q, data.search(q, pageNo, 50), data.count(q), f), f);
    }

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
        ConsoleFormat f = format(ctx);
        StringBuilder b = new StringBuilder(ConsolePages.profile(u, f)).append("<h2>Actions</h2>");
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
                        + "the audit log keeps a pseudonym (a blocked user stays blocked)</label><button id=erase>Erase</button></form>")
                .append("<p><a href=\"/admin/audit?user=").append(url(id)).append("\">This user's audit entries</a></p>");
        page(ctx, "User " + id, s, b.toString(), f);
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
        UserAdministration.AuditFilter flt = AdminRoutes.auditFilter(ctx);
        int pageNo = AdminRoutes.intParam(ctx, "page", 0, 0, 100_000);
        UserAdministration.Page<AuditEntry> p = data.audit(flt, pageNo, 100);
        ConsoleFormat f = format(ctx);
        StringBuilder b = new StringBuilder("<form method=get action=\"/admin/audit\" class=row>"
                + "<input name=user placeholder=\"user id\" value=\"" + esc(flt.subject()) + "\">"
                + "<input name=action placeholder=\"action, e.g. user.block\" value=\"" + esc(flt.action()) + "\">"
                + "<input name=operator placeholder=operator value=\"" + esc(flt.actor()) + "\">"
                + "<input name=from placeholder=\"from, e.g. 2026-11-21T00:00:00Z\" value=\"" + esc(flt.from()) + "\">"
                + "<input name=to placeholder=\"to (ISO time)\" value=\"" + esc(flt.to()) + "\"><button>Filter</button></form>")
                .append("<p class=muted id=count>").append(p.items().size()).append(p.items().size() == 1 ? " entry" : " entries")
                .append(p.more() ? " on this page, more on the next" : "").append("; times in ").append(esc(f.zone().getId())).append("</p>")
                .append(ConsolePages.auditTable(p.items(), f));
        if (pageNo > 0) b.append("<a href=\"/admin/audit?").append(esc(ctx.queryString() == null ? "" : ctx.queryString().replaceAll("&?page=\\d+", "")))
                .append("&page=").append(pageNo - 1).append("\">Previous</a> ");
        if (p.more()) b.append("<a id=next href=\"/admin/audit?").append(esc(ctx.queryString() == null ? "" : ctx.queryString().replaceAll("&?page=\\d+", "")))
                .append("&page=").append(pageNo + 1).append("\">Next</a>");
        page(ctx, "Audit log", s, b.toString(), f);
    }

    private void vendors(Context ctx) {
        ConsoleSessions.Session s = session(ctx);
        if (s == null) return;
        ConsoleFormat f = format(ctx);
        page(ctx, "Vendors", s, ConsolePages.vendors(data.vendors(), f), f);
    }
}
