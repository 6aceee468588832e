package io.chatpass.server.vendors.hubspot;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's visitor identification API on loopback, written from HubSpot's docs: {@code POST
 * /visitor-identification/{2026-03 or v3}/tokens/create} with {@code Authorization: Bearer <private app token>} and a JSON body
 * whose {@code email} is required; answers {@code {"token": "..."}}. A wrong or missing token gets 401; a
 * private app without the scope or plan (scripted) 403. Its tokens are {@code base64url(email).exp.hmac} under its
 * own key, so a page stand-in can check that a token was made for an email and is not expired. Faults are scripted.
 */
public final class HubSpotStandIn implements AutoCloseable {
    public enum Fault { SERVER_ERROR, SLOW, HTML_200, FORBIDDEN, RATE_LIMITED }

    public static final String TOKEN_KEY = "hubspot-stand-in-token-key-0123456789";
    public final HttpServer server;
    public final String privateAppToken;
    public final AtomicInteger calls = new AtomicInteger();
    public final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    public final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
    /** The path of each call (HubSpot serves the dated path, e.g. 2026-03, and the legacy v3 alike). */
    public final List<String> paths = new CopyOnWriteArrayList<>();
    public volatile long delayMillis;
    public volatile Fault always;

    public HubSpotStandIn(String privateAppToken) throws IOException {
        this.privateAppToken = privateAppToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/visitor-identification/", this::create);
        server.start();
    }

    public String apiRoot() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void create(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        paths.add(path);
        try {
            if (!path.matches("/visitor-identification/(v3|20\\d\\d-\\d\\d)/tokens/create")) {
                send(ex, 404, "{\"status\":\"error\",\"category\":\"OBJECT_NOT_FOUND\"}", "application/json");
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "{\"status\":\"error\",\"message\":\"method\"}", "application/json");
                return;
            }
            if (!("Bearer " + privateAppToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"status\":\"error\",\"category\":\"INVALID_AUTHENTICATION\"}", "application/json");
                return;
            }
            Fault f = always != null ? always : faults.poll();
            long delay = f == Fault.SLOW ? 10_000 : delayMillis;
            if (delay > 0) Thread.sleep(delay);
            if (f == Fault.SERVER_ERROR) {
                send(ex, 502, "<html>Bad gateway</html>", "text/html");
                return;
            }
            if (f == Fault.HTML_200) {
                send(ex, 200, "<!doctype html><html><body>maintenance</body></html>", "text/html");
                return;
            }
            if (f == Fault.FORBIDDEN) {
                send(ex, 403, "{\"status\":\"error\",\"category\":\"MISSING_SCOPES\"}", "application/json");
                return;
            }
            if (f == Fault.RATE_LIMITED) {
                send(ex, 429, "{\"status\":\"error\",\"category\":\"RATE_LIMITS\"}", "application/json");
                return;
            }
            Map<String, Object> body = JSONObjectUtils.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            bodies.add(body);
            if (!(body.get("email") instanceof String email) || email.isEmpty()) {
                send(ex, 400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\"}", "application/json");
                return;
            }
            send(ex, 200, JSONObjectUtils.toJSONString(Map.of("token", token(email, System.currentTimeMillis() / 1000 + 12 * 3600))),
                    "application/json");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.text.ParseException e) {
            send(ex, 400, "{\"status\":\"error\"}", "application/json");
        } catch (IOException e) {
            // the client went away (a timeout test)
        }
    }

    public static String token(String email, long exp) {
        String head = Base64.getUrlEncoder().withoutPadding().encodeToString(email.getBytes(StandardCharsets.UTF_8)) + "." + exp;
        return head + "." + mac(head);
    }

    /** The email a stand-in token was made for, or null when the token is not one of ours. */
    public static String emailOf(String token) {
        int last = token.lastIndexOf('.');
        if (last < 0 || !mac(token.substring(0, last)).equals(token.substring(last + 1))) return null;
        return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
    }

    private static String mac(String s) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(TOKEN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
