package io.chatpass.server.admin;

import io.chatpass.core.upstream.UpstreamException;
import io.chatpass.core.users.UserAdministration;
import io.chatpass.server.vendor.OperatorLookup;
import io.chatpass.server.web.Problem;
import io.chatpass.server.web.ProblemException;
import io.chatpass.server.web.RecentErrors;
import io.chatpass.server.web.JavalinExchange;
import io.chatpass.server.web.Requests;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API (/admin/v1/, bearer operator tokens): users (search, show, block, unblock, export, erase), the
 * audit log, the vendors' state, the running configuration (secrets masked) and the vendors' look-ups (a record by id). Every
 * change is audited under the operator's name.
 */
public final class AdminRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    private final AdminOperations data;
    private final List<Lookup> lookups;

    /** A vendor's look-up for operators, with the vendor's id (in the route) and name (in answers). */
    public record Lookup(String vendor, String displayName, OperatorLookup lookup) {
    }
    private final RecentErrors errors;

    public AdminRoutes(AdminOperations data, List<Lookup> lookups, RecentErrors errors) {
        this.data = data;
        this.lookups = List.copyOf(lookups);
        this.errors = errors;
    }

    public void install(JavalinConfig c) {
        c.routes.get("/admin/v1/users", this::search);
        c.routes.get("/admin/v1/users/{id}", this::show);
        c.routes.delete("/admin/v1/users/{id}", this::erase);
        c.routes.get("/admin/v1/users/{id}/export", this::export);
        c.routes.post("/admin/v1/users/{id}/block", this::block);
        c.routes.post("/admin/v1/users/{id}/unblock", this::unblock);
        c.routes.get("/admin/v1/audit", this::audit);
        c.routes.get("/admin/v1/vendors", ctx -> noStore(ctx).json(Map.of("vendors", data.vendors())));
        c.routes.get("/admin/v1/config", ctx -> noStore(ctx).contentType("application/json").result(data.maskedConfig()));
        for (Lookup l : lookups) c.routes.get("/admin/v1/" + l.vendor() + "/" + l.lookup().noun() + "/{id}", ctx -> lookup(ctx, l));
    }

    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store");
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // falls through to the problem
        }
        throw new ProblemException(400, "invalid_parameter", "Invalid parameter", name + " must be a whole number from " + min + " to " + max + ".");
    }

    static Instant instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid_parameter", "Invalid parameter", name + " must be an ISO-8601 instant, e.g. 2026-11-21T00:00:00Z.");
        }
    }

    static String textParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        if (v.length() > 255 || v.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(400, "invalid_parameter", "Invalid parameter", name + " must be at most 255 characters with no control characters.");
        }
        return v.strip();
    }

    static UserAdministration.AuditFilter auditFilter(Context ctx) {
        return new UserAdministration.AuditFilter(textParam(ctx, "user"), textParam(ctx, "action"), textParam(ctx, "operator"),
                instantParam(ctx, "from"), instantParam(ctx, "to"));
    }

    private void search(Context ctx) {
        var page = data.search(textParam(ctx, "q"), intParam(ctx, "page", 0, 0, 100_000), intParam(ctx, "size", 50, 1, 200));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("users", page.items().stream().map(UserAdministration::profile).toList());
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("more", page.more());
        noStore(ctx).json(body);
    }

    private void show(Context ctx) {
        String id = Requests.userId(ctx.pathParam("id"));
        noStore(ctx).json(data.user(id).orElseThrow(AdminRoutes::noSuchUser));
    }

    private void export(Context ctx) {
        String id = Requests.userId(ctx.pathParam("id"));
        Map<String, Object> out = data.export(id, AdminGuard.operatorOf(ctx)).orElseThrow(AdminRoutes::noSuchUser);
        noStore(ctx).header("Content-Disposition", "attachment; filename=\"chatpass-user-export.json\"").json(out);
    }

    private void erase(Context ctx) {
        String id = Requests.userId(ctx.pathParam("id"));
        if (!data.erase(id, AdminGuard.operatorOf(ctx))) throw noSuchUser();
        ctx.status(204);
    }

    private void block(Context ctx) {
        Requests.requireJson(JavalinExchange.of(ctx));
        String id = Requests.userId(ctx.pathParam("id"));
        data.block(id, Requests.optionalText(Requests.jsonBody(JavalinExchange.of(ctx)), "reason", 500), AdminGuard.operatorOf(ctx));
        ctx.status(204);
    }

    private void unblock(Context ctx) {
        Requests.requireJson(JavalinExchange.of(ctx));
        String id = Requests.userId(ctx.pathParam("id"));
        if (!data.unblock(id, AdminGuard.operatorOf(ctx))) throw noSuchUser();
        ctx.status(204);
    }

    private void audit(Context ctx) {
        var page = data.audit(auditFilter(ctx), intParam(ctx, "page", 0, 0, 100_000), intParam(ctx, "size", 50, 1, 200));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", page.items().stream().map(UserAdministration::view).toList());
        body.put("page", page.page());
        body.put("size", page.size());
        body.put("more", page.more());
        noStore(ctx).json(body);
    }

    /** A vendor's record by id, and the site user it names when Chatpass knows them. */
    private void lookup(Context ctx, Lookup l) {
        OperatorLookup ol = l.lookup();
        String name = l.displayName();
        if (!ol.available()) throw new ProblemException(Problem.notFound("This server does not have " + ol.api() + " configured."));
        String id = ctx.pathParam("id");
        if (!ol.validId(id)) {
            throw new ProblemException(400, "invalid_" + ol.singular() + "_id", "Invalid " + ol.singular() + " id", ol.idRule());
        }
        Map<String, Object> record;
        try {
            record = ol.find(id);
        } catch (UpstreamException e) {
            log.warn("{} {} look-up failed: {} ({})", l.vendor(), ol.singular(), e.kind(), e.getMessage());
            if (e.kind() != UpstreamException.Kind.NOT_FOUND) errors.add(l.vendor(), e.kind() + " " + e.vendorCode(), e.getMessage());
            throw switch (e.kind()) {
                case NOT_FOUND -> new ProblemException(Problem.notFound(name + " has no " + ol.singular() + " with this id."));
                case REJECTED, CREDENTIAL_LOST -> new ProblemException(502, "upstream_rejected", name + " refused the request",
                        name + " answered " + e.vendorCode() + "; check " + ol.credentialKey() + " and its scopes.");
                case UNAVAILABLE, LIMITED -> new ProblemException(new Problem(503, "upstream_unavailable", name + " unavailable",
                        name + " did not answer usably (" + e.vendorCode() + "); try again shortly."), Map.of("Retry-After", "5"));
            };
        }
        String siteUserId = ol.siteUserIdOf(record);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(ol.singular(), record);
        body.put("siteUser", siteUserId != null && Requests.isValidUserId(siteUserId) ? data.user(siteUserId).orElse(null) : null);
        noStore(ctx).json(body);
    }

    static ProblemException noSuchUser() {
        return new ProblemException(Problem.notFound("No such site user."));
    }
}
