package io.chatpass.server.admin;

import static io.chatpass.server.admin.Html.esc;
import static io.chatpass.server.admin.Html.url;

import io.chatpass.core.users.AuditEntry;
import io.chatpass.core.users.SiteUserRecord;
import io.chatpass.core.users.UserAdministration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the console's pages, as a person reads them: labels rather than field names, times in the operator's
 * zone with their age, vendor identities as tables, counts. The frame, sessions and forms' CSRF tokens are
 * {@link AdminConsole}'s; every value here is escaped.
 */
final class ConsolePages {
    private ConsolePages() {
    }

    static String overview(UserAdministration.Overview o, List<Map<String, Object>> vendors, List<AuditEntry> recent, ConsoleFormat f) {
        StringBuilder b = new StringBuilder("<div class=cards>")
                .append(card("users", "Site users", o.users(), "/admin/users"))
                .append(card("seen", "Seen in the last 24 h", o.seenLastDay(), null))
                .append(card("blocked", "Blocked", o.blocked(), "/admin/audit?action=user.block"))
                .append(card("erased-blocked", "Blocked and erased (pseudonym only)", o.blockedErased(), null));
        o.identities().forEach((vendor, n) -> b.append(card("identities-" + vendor, f.vendor(vendor)
                + " " + o.identityLabels().get(vendor), n, null)));
        b.append("</div><h2>Vendors</h2><table id=health><tr><th>Vendor</th><th>Circuit breaker</th><th>Upstream calls</th><th>Recent errors</th></tr>");
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Map<String, Object> v : vendors) {
            if (!Boolean.TRUE.equals(v.get("configured"))) continue;
            List<?> last = (List<?>) v.get("lastErrors");
            b.append("<tr><td>").append(f.vendor(v.get("vendor"))).append("</td><td>").append(breaker(v.get("breaker")))
                    .append("</td><td>").append(ConsoleFormat.outcomes(v.get("upstreamCalls"))).append("</td><td>").append(last.size()).append("</td></tr>");
            for (Object e : last) {
                @SuppressWarnings("unchecked") Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) e);
                m.put("vendor", v.get("vendor"));
                errors.add(m);
            }
        }
        b.append("</table>");
        if (vendors.stream().noneMatch(v -> Boolean.TRUE.equals(v.get("configured")))) {
            b.append("<p class=muted>No vendor is configured yet (each vendor's section of the configuration: docs/configuration.md).</p>");
        }
        b.append("<h2>Recent errors</h2>");
        if (errors.isEmpty()) b.append("<p class=muted id=no-errors>No upstream error since this server started.</p>");
        else {
            errors.sort(Comparator.comparing((Map<String, Object> e) -> String.valueOf(e.get("at"))).reversed());
            b.append("<table id=errors><tr><th>When</th><th>Vendor</th><th>What</th></tr>");
            for (Map<String, Object> e : errors.subList(0, Math.min(10, errors.size()))) {
                b.append("<tr><td>").append(f.time(e.get("at"))).append("</td><td>").append(f.vendor(e.get("vendor")))
                        .append("</td><td>").append(esc(e.get("kind"))).append(": ").append(esc(e.get("message"))).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>Latest operator actions</h2>").append(auditTable(recent, f))
                .append("<p><a href=\"/admin/audit\">The whole audit log</a></p>");
        return b.toString();
    }

    private static String card(String id, String label, long n, String link) {
        String number = link == null ? Long.toString(n) : "<a href=\"" + link + "\">" + n + "</a>";
        return "<div class=card id=\"card-" + esc(id) + "\"><div class=number>" + number + "</div><div class=muted>" + label + "</div></div>";
    }

    private static String breaker(Object state) {
        if (state == null) return "<span class=muted>—</span>";
        return switch (state.toString()) {
            case "CLOSED" -> "<span class=ok>closed (calls go through)</span>";
            case "HALF_OPEN" -> "<span class=warn>half open (trying again)</span>";
            default -> "<span class=error>open (calls refused for now)</span>";
        };
    }

    static String users(String q, UserAdministration.Page<SiteUserRecord> p, long total, ConsoleFormat f) {
        StringBuilder b = new StringBuilder("<form method=get action=\"/admin/users\" class=row><input name=q id=q placeholder=\"id or email\" value=\"")
                .append(esc(q)).append("\"><button id=search>Search</button></form><p class=muted id=count>")
                .append(total).append(total == 1 ? " user" : " users").append(q == null ? "" : " match").append(total > p.items().size()
                        ? ", " + (p.page() * p.size() + (p.items().isEmpty() ? 0 : 1)) + " to " + (p.page() * p.size() + p.items().size()) + " shown" : "")
                .append("</p><table id=users><tr><th>User id</th><th>Email</th><th>Name</th><th>Last seen</th><th>Status</th></tr>");
        for (SiteUserRecord u : p.items()) {
            b.append("<tr><td><a href=\"/admin/user?id=").append(url(u.id())).append("\">").append(esc(u.id())).append("</a></td><td>")
                    .append(esc(u.email())).append("</td><td>").append(esc(u.name())).append("</td><td>").append(f.time(u.lastSeen()))
                    .append("</td><td>").append(u.blocked() ? "<span class=error>blocked</span>" : "active").append("</td></tr>");
        }
        b.append("</table>");
        if (p.items().isEmpty()) b.append("<p class=muted>No user matches.</p>");
        if (p.page() > 0) b.append("<a href=\"/admin/users?q=").append(url(q)).append("&page=").append(p.page() - 1).append("\">Previous</a> ");
        if (p.more()) b.append("<a id=next href=\"/admin/users?q=").append(url(q)).append("&page=").append(p.page() + 1).append("\">Next</a>");
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static String profile(Map<String, Object> u, ConsoleFormat f) {
        StringBuilder b = new StringBuilder("<table id=profile>");
        for (String k : List.of("id", "email", "name", "firstSeen", "lastSeen", "blocked", "blockedAt", "blockReason")) {
            b.append("<tr><th>").append(ConsoleFormat.label(k)).append("</th><td id=\"p-").append(k).append("\">").append(f.value(k, u.get(k)))
                    .append("</td></tr>");
        }
        b.append("</table><h2>Vendors that know this user</h2>");
        List<Map<String, Object>> ids = (List<Map<String, Object>>) u.get("identities");
        if (ids.isEmpty()) {
            b.append("<p class=muted>No vendor identity is stored for this user (most vendors keep none: their tokens are derived on each request).</p>");
            return b.toString();
        }
        b.append("<table id=identities><tr><th>Vendor</th><th>Details</th></tr>");
        for (Map<String, Object> i : ids) {
            b.append("<tr><td>").append(f.vendor(i.get("vendor"))).append("</td><td><dl>");
            i.forEach((k, v) -> {
                if (!k.equals("vendor")) b.append("<dt>").append(ConsoleFormat.label(k)).append("</dt><dd>").append(f.value(k, v)).append("</dd>");
            });
            b.append("</dl></td></tr>");
        }
        return b.append("</table>").toString();
    }

    static String auditTable(List<AuditEntry> entries, ConsoleFormat f) {
        if (entries.isEmpty()) return "<p class=muted>No entry.</p>";
        StringBuilder b = new StringBuilder("<table id=audit><tr><th>When</th><th>Operator</th><th>Action</th><th>User</th><th>Detail</th></tr>");
        for (AuditEntry e : entries) {
            b.append("<tr><td>").append(f.time(e.at())).append("</td><td class=actor>").append(esc(e.actor())).append("</td><td class=action>")
                    .append(esc(e.action())).append("</td><td class=subject>").append(esc(e.subject())).append("</td><td>")
                    .append(esc(e.detail())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    @SuppressWarnings("unchecked")
    static String vendors(List<Map<String, Object>> vendors, ConsoleFormat f) {
        StringBuilder b = new StringBuilder("<table id=vendors><tr><th>Vendor</th><th>Configured</th><th>Circuit breaker</th>"
                + "<th>Upstream calls since start</th><th>Last errors</th></tr>");
        for (Map<String, Object> v : vendors) {
            b.append("<tr><td>").append(f.vendor(v.get("vendor"))).append("</td><td>").append(ConsoleFormat.yesNo(v.get("configured")))
                    .append("</td><td>").append(breaker(v.get("breaker"))).append("</td><td>").append(ConsoleFormat.outcomes(v.get("upstreamCalls")))
                    .append("</td><td>");
            for (Map<String, Object> e : (List<Map<String, Object>>) v.get("lastErrors")) {
                b.append("<div>").append(f.time(e.get("at"))).append(": ").append(esc(e.get("kind"))).append(", ").append(esc(e.get("message"))).append("</div>");
            }
            b.append("</td></tr>");
        }
        return b.append("</table>").toString();
    }
}
