package io.chatpass.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem with a stable {@code code}. The detail is written for the caller: it says what was wrong and
 * what to do, and never carries a token, a secret or a stack trace.
 */
public record Problem(int status, String code, String title, String detail, Map<String, Object> extensions) {
    public Problem(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:chatpass:problem:";

    public Map<String, Object> body(String requestId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", TYPE_PREFIX + code);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.put("code", code);
        if (requestId != null) m.put("requestId", requestId);
        m.putAll(extensions);
        return m;
    }

    /** The problem as a small HTML page for people (the admin console): escaped, no script. */
    public String page(String requestId) {
        return "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + escape(title) + " · Chatpass admin</title>"
                + "<style>body{font:14px/1.5 system-ui,sans-serif;margin:40px;color:#1d2433}.muted{color:#6b7385}</style></head><body>"
                + "<h1 id=problem-title>" + escape(title) + "</h1><p id=problem-detail>" + escape(detail) + "</p>"
                + "<p class=muted>HTTP " + status + " · <code id=problem-code>" + escape(code) + "</code>"
                + (requestId == null ? "" : " · request " + escape(requestId)) + "</p>"
                + "<p><a href=\"/admin/overview\">Back to the console</a></p></body></html>";
    }

    private static String escape(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not_found", "Not found", detail);
    }

    public static Problem internal() {
        return new Problem(500, "internal", "Internal error",
                "Something went wrong on the server; the request id in this answer finds it in the log.");
    }
}
