package io.chatpass.server.vendors.livechat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.chatpass.server.web.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
 * LiveChat's accounts service on loopback for tests and benchmarks: the cookie grant is {@link CookieGrant}, the
 * same implementation the sandbox serves (a new customer without cookies, the same customer with them, cookies
 * renewed on every call, the secret rotated on request, errors as JSON bodies with oauth_exception or
 * identity_exception keys); in front of it, faults scripted per call. It counts what a test needs.
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
    /** The grant itself: the same implementation as the sandbox's, over the customers in {@link #secrets}. */
    private final CookieGrant grant = new CookieGrant(new CookieGrant.Customers() {
        @Override
        public java.util.Optional<String> secret(String entityId) {
            return java.util.Optional.ofNullable(secrets.get(entityId));
        }

        @Override
        public void save(String entityId, String secret, boolean isNew) {
            secrets.put(entityId, secret);
            if (isNew) created.incrementAndGet();
        }
    }, null, CookieGrant.LIVECHAT_COOKIE_ATTRIBUTES);

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
            String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(parse(raw));
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
            traceparents.add(ex.getRequestHeaders().getFirst("traceparent"));
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (cookie != null) cookiesSeen.add(cookie);
            boolean v2 = ex.getRequestURI().getPath().startsWith("/v2/");
            boolean rotate = rotateNext && cookie != null;
            CookieGrant.Answer answer = grant.answer(new CookieGrant.Call(raw, cookie, ex.getRequestHeaders().containsKey("Origin"), v2, rotate));
            if (rotate && answer.granted()) rotateNext = false;
            respond(ex, answer.status(), Json.MAPPER.writeValueAsString(answer.body()), answer.setCookies());
        } catch (InterruptedException e) {
            respond(ex, 500, "{\"oauth_exception\":\"server_error\"}", null);
        }
    }

    /** A well-formed grant for a customer the service never issued: what OTHER_ENTITY answers. */
    private static String token(String entity) {
        return "{\"access_token\":\"dal:" + UUID.randomUUID() + "\",\"entity_id\":\"" + entity
                + "\",\"expires_in\":28800,\"token_type\":\"Bearer\",\"organization_id\":\"org-1\"}";
    }

    private static Map<String, Object> parse(String raw) {
        try {
            return Json.MAPPER.readValue(raw, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return Map.of();
        }
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
