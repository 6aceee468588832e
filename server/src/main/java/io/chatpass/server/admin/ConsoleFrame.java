package io.chatpass.server.admin;

import static io.chatpass.server.admin.Html.esc;

/**
 * The frame around every console page: the navigation (with the operator, sign-out and the time-zone choice, each a
 * form carrying the session's CSRF token), the styles (inline: the pages carry no script and load nothing), the title.
 */
final class ConsoleFrame {
    private ConsoleFrame() {
    }

    static String frame(String title, ConsoleSessions.Session s, String body, ConsoleFormat f, String back) {
        String zones = "";
        if (s != null && f != null) {
            StringBuilder z = new StringBuilder("<form method=post action=\"/admin/timezone\" class=inline>").append(csrf(s))
                    .append("<input type=hidden name=back value=\"").append(esc(back)).append("\"><select name=zone id=zone aria-label=\"Time zone\">");
            for (String id : new java.util.TreeSet<>(java.time.ZoneId.getAvailableZoneIds())) {
                if (!id.contains("/") && !id.equals("UTC")) continue;
                z.append("<option").append(id.equals(f.zone().getId()) ? " selected" : "").append(">").append(esc(id)).append("</option>");
            }
            zones = z.append("</select> <button>Set</button></form>").toString();
        }
        String nav = s == null ? "" : "<nav><a href=\"/admin/overview\">Overview</a> <a href=\"/admin/users\">Users</a> "
                + "<a href=\"/admin/audit\">Audit log</a> <a href=\"/admin/vendors\">Vendors</a> <a href=\"/admin/config\">Configuration</a>"
                + "<span class=spacer></span>" + zones
                + "<form method=post action=\"/admin/logout\" class=inline>" + csrf(s) + "<span id=operator>" + esc(s.operator())
                + "</span> <button>Sign out</button></form></nav>";
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + " · Chatpass admin</title><style>"
                + "body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1d2433}nav{display:flex;gap:16px;align-items:center;"
                + "padding:10px 24px;background:#1d2433}nav a{color:#fff}nav form{color:#fff}nav .spacer{margin-left:auto}main{padding:16px 24px}"
                + ".cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e3e6ee;border-radius:6px;padding:12px 16px;min-width:150px}"
                + ".card .number{font-size:28px;font-weight:600}.warn{color:#8a5a00}dl{margin:0;display:grid;grid-template-columns:max-content auto;"
                + "gap:2px 12px}dd{margin:0}"
                + "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e6ee;padding:6px 8px;text-align:left;"
                + "vertical-align:top}.muted{color:#6b7385}.error{color:#a12020}.ok{color:#0a7d4f}.inline{display:inline}"
                + "form.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:8px 0}pre{background:#f6f7fb;padding:12px}"
                + "</style></head><body>" + nav + "<main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    static String csrf(ConsoleSessions.Session s) {
        return "<input type=hidden name=csrf value=\"" + esc(s.csrf()) + "\">";
    }
}
