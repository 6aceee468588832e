package io.chatpass.server.vendors.livechat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for LiveChat's accounts service on loopback, following the cookie grant in providers.md: a new
 * customer without cookies, the same customer with them (cookies renewed on every call, the secret rotated on
 * request), errors as JSON bodies
 * with oauth_exception/identity_exception keys. Faults are scripted per call. It counts what a test needs.
 */
public final class AccountsStandIn implements AutoCloseable {
    public enum Fault { SERVER_ERROR, TEMPORARILY_UNAVAILABLE_200, IDENTITY_LOST, ACCESS_DENIED, INVALID_CLIENT, SLOW, RESET, HTML_200, OTHER_ENTITY }

    public final HttpServer server;
    public final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger created = new AtomicInteger();
    public final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    public final Map<String, String> secrets = new ConcurrentHashMap<>();
    public final List<String> cookiesSeen = new CopyOnWriteArrayList<>();
    /** The traceparent header of each call (null when the call carried none). */
    public final List<String> traceparents = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    public final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
    public volatile long delayMillis;
    public volatile boolean alwaysFail;
    /** When set, the next successful call for an existing customer issues a new __lc_cst and refuses the old one. */
    public volatile boolean rotateNext;
    private final SecureRandom random = new SecureRandom();

    public AccountsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v2/customer/token", this::grant);
        server.createContext("/customer/token", this::grant);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void grant(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        try {
            if (delayMillis > 0) Thread.sleep(delayMillis);
            Map<String, Object> body = JSONObjectUtils.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            bodies.add(body);
            Fault f = alwaysFail ? Fault.SERVER_ERROR : faults.poll();
            if (f != null) {
                switch (f) {
                    case SERVER_ERROR -> { respond(ex, 500, "{\"oauth_exception\":\"server_error\",\"exception_description\":\"x\"}", null); return; }
                    case TEMPORARILY_UNAVAILABLE_200 -> { respond(ex, 200, "{\"oauth_exception\":\"temporarily_unavailable\"}", null); return; }
                    case IDENTITY_LOST -> { respond(ex, 401, "{\"identity_exception\":\"identity_lost\"}", null); return; }
                    case ACCESS_DENIED -> { respond(ex, 403, "{\"identity_exception\":\"access_denied\"}", null); return; }
                    case INVALID_CLIENT -> { respond(ex, 400, "{\"oauth_exception\":\"invalid_client\"}", null); return; }
                    case SLOW -> Thread.sleep(2_000);
                    case RESET -> { ex.getResponseBody().close(); ex.close(); return; }
                    case HTML_200 -> { respond(ex, 200, "<html><body>maintenance</body></html>", null); return; }
                    case OTHER_ENTITY -> { respond(ex, 200, token(UUID.randomUUID().toString()), null); return; }
                }
            }
            if (!"cookie".equals(body.get("grant_type")) || !"token".equals(body.get("response_type")) || body.get("client_id") == null
                    || body.get("redirect_uri") == null) {
                respond(ex, 400, "{\"oauth_exception\":\"invalid_request\"}", null);
                return;
            }
            traceparents.add(ex.getRequestHeaders().getFirst("traceparent"));
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            String entity;
            if (cookie == null) {
                entity = UUID.randomUUID().toString();
                created.incrementAndGet();
            } else {
                cookiesSeen.add(cookie);
                Map<String, String> c = parseCookie(cookie);
                entity = c.get("__lc_cid");
                String expected = entity == null ? null : secrets.get(entity);
                if (expected == null || !expected.equals(c.get("__lc_cst"))) {
                    respond(ex, 401, "{\"identity_exception\":\"unauthorized\",\"entity_id\":\"" + entity + "\"}", null);
                    return;
                }
            }
            // Cookies come back on every call with a renewed lifetime; the secret value changes only on rotation.
            String cst = secrets.get(entity);
            if (cst == null || rotateNext) {
                cst = HexFormat.of().formatHex(random.generateSeed(16));
                secrets.put(entity, cst);
                rotateNext = false;
            }
            respond(ex, 200, token(entity), List.of(
                    "__lc_cid=" + entity + "; Path=/v2/customer; Domain=accounts.livechat.com; Max-Age=63072000; HttpOnly; Secure; SameSite=None",
                    "__lc_cst=" + cst + "; Path=/v2/customer; Domain=accounts.livechat.com; Max-Age=63072000; HttpOnly; Secure; SameSite=None"));
        } catch (InterruptedException | java.text.ParseException e) {
            respond(ex, 500, "{\"oauth_exception\":\"server_error\"}", null);
        }
    }

    private String token(String entity) {
        return "{\"access_token\":\"dal:" + HexFormat.of().formatHex(random.generateSeed(12)) + "\",\"entity_id\":\"" + entity
                + "\",\"expires_in\":28800,\"token_type\":\"Bearer\",\"organization_id\":\"org-1\"}";
    }

    static Map<String, String> parseCookie(String header) {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2) out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String body, List<String> cookies) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (cookies != null) cookies.forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
        ex.getResponseHeaders().add("Content-Type", body.startsWith("<") ? "text/html" : "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
