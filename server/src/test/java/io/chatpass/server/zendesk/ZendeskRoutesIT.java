package io.chatpass.server.zendesk;

import io.chatpass.server.support.Logins;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.config.ConfigReloader;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZendeskRoutesIT {
    static final String LOGIN_SECRET = "login-secret-for-zendesk-tests-000000000";
    static final String CHAT_SECRET = "zendesk-chat-shared-secret-0123456789abcdef";
    static final String KEY1 = "zendesk-messaging-key-one-0123456789abcdef";
    static final String KEY2 = "zendesk-messaging-key-two-0123456789abcdef";

    static String login(String sub) {
        return Logins.of(LOGIN_SECRET, sub).email(sub + "@example.com").name("User " + sub).token();
    }

    static String yaml(String activeKey, String visitorsRoot) {
        // The rotation test hammers one user without pause: the per-user limit is raised out of its way.
        return """
                limits: {perUserPerMinute: 1000000}
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: %s, projectId: p1}
                zendesk:
                  chat:
                    secret: %s
                  messaging:
                    keys:
                      - {id: key-1, secret: %s, active: %s}
                      - {id: key-2, secret: %s, active: %s}
                    lifetimeSeconds: 600
                """.formatted(LOGIN_SECRET, CHAT_SECRET, KEY1, activeKey.equals("key-1"), KEY2, activeKey.equals("key-2"))
                + (visitorsRoot == null ? "" : """
                  visitors:
                    apiRoot: %s
                    oauthToken: oauth-token-visible-only-to-zendesk
                    timeoutMillis: 500
                """.formatted(visitorsRoot));
    }

    @Test
    void chatTokenAsTextAndAsJson(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("key-1", null))) {
            HttpResponse<String> text = server.send(server.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + login("ann")));
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(text.headers().firstValue("Cache-Control")).hasValue("no-store");
            DecodedJWT jwt = JWT.require(Algorithm.HMAC256(CHAT_SECRET)).build().verify(text.body());
            assertThat(jwt.getClaim("external_id").asString()).isEqualTo("ann");
            assertThat(jwt.getClaim("name").asString()).isEqualTo("User ann");

            HttpResponse<String> json = server.send(server.request("/v1/zendesk/chat/jwt").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + login("ann")));
            JsonNode body = Json.MAPPER.readTree(json.body());
            assertThat(body.get("token").asText()).isNotEqualTo(text.body());
            assertThat(Instant.parse(body.get("expires_at").asText())).isAfter(Instant.now());
            assertThat(json.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void anUnverifiedEmailGetsNoChatTokenAndMessagingSaysItIsUnverified(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("key-1", null))) {
            for (Boolean claim : new Boolean[] {Boolean.FALSE, null}) {
                var b = JWT.create().withIssuer("https://login.xsolla.com").withSubject("eve").withClaim("email", "ceo@example.com")
                        .withClaim("xsolla_login_project_id", "p1").withExpiresAt(Date.from(Instant.now().plusSeconds(600)));
                if (claim != null) b.withClaim("email_verified", claim);
                String login = b.sign(Algorithm.HMAC256(LOGIN_SECRET));
                HttpResponse<String> chat = server.send(server.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + login));
                assertThat(chat.statusCode()).as("chat with email_verified " + claim).isEqualTo(422);
                assertThat(chat.body()).contains("\"code\":\"login_email_unverified\"").doesNotContain("ceo@example.com");
                HttpResponse<String> messaging = server.send(server.request("/v1/zendesk/messaging/jwt").header("Cookie", "token=" + login));
                assertThat(messaging.statusCode()).isEqualTo(200);
                DecodedJWT jwt = JWT.require(Algorithm.HMAC256(KEY1)).build().verify(messaging.body());
                assertThat(jwt.getClaim("email_verified").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void noLoginNoToken(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("key-1", null))) {
            var r = server.get("/v1/zendesk/chat/jwt");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("login_token_missing");
            var q = server.get("/v1/zendesk/chat/jwt?external_id=admin&email=ceo@example.com");
            assertThat(q.statusCode()).as("request parameters never stand in for a login").isEqualTo(401);
        }
    }

    @Test
    void withAValidLoginTheQueryStillCannotChooseTheUser(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("key-1", null))) {
            for (String path : new String[] {"/v1/zendesk/chat/jwt", "/v1/zendesk/messaging/jwt"}) {
                var r = server.send(server.request(path + "?external_id=admin&email=ceo@example.com&name=CEO&sub=admin&user=admin")
                        .header("Cookie", "token=" + login("ann")));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                DecodedJWT jwt = JWT.decode(r.body());
                assertThat(jwt.getClaim("external_id").asString()).as(path).isEqualTo("ann");
                assertThat(jwt.getClaim("email").asString()).as(path).isEqualTo("ann@example.com");
                assertThat(jwt.getClaim("name").asString()).as(path).isEqualTo("User ann");
            }
        }
    }

    @Test
    void unconfiguredProductIs404(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, "login:\n  verifiers:\n    - {name: x, preset: xsolla, secret: "
                + LOGIN_SECRET + ", projectId: p1}\n")) {
            var r = server.send(server.request("/v1/zendesk/messaging/jwt").header("Cookie", "token=" + login("ann")));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void activeKeyRotatesWithoutARestartOrAFailedRequest(@TempDir Path dir) throws Exception {
        Path config = TestServer.writeConfig(dir, 0, yaml("key-1", null));
        ConfigLoader loader = new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections());
        try (TestServer server = TestServer.start(loader.load(config));
             ConfigReloader reloader = ConfigReloader.start(config, loader, server.app()::reload)) {
            String token = login("rot");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicReference<String> lastKid = new AtomicReference<>();
            Thread load = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    var r = server.send(server.request("/v1/zendesk/messaging/jwt").header("Cookie", "token=" + token));
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                        continue;
                    }
                    DecodedJWT jwt = JWT.decode(r.body());
                    String secret = jwt.getKeyId().equals("key-1") ? KEY1 : KEY2;
                    JWT.require(Algorithm.HMAC256(secret)).build().verify(r.body());
                    lastKid.set(jwt.getKeyId());
                    ok.incrementAndGet();
                }
            });
            try {
                waitFor(() -> ok.get() > 20);
                assertThat(lastKid.get()).isEqualTo("key-1");
                // An invalid file is refused and the running keys stay.
                Files.writeString(config, Files.readString(config).replace("active: false", "active: true"));
                assertThat(reloader.reload()).isFalse();
                int before = ok.get();
                waitFor(() -> ok.get() > before + 20);
                assertThat(lastKid.get()).isEqualTo("key-1");
                // A valid new active key is picked up by the file watch, with no restart.
                Files.writeString(config, TestServer.configText(dir, 0, yaml("key-2", null)));
                waitFor(() -> "key-2".equals(lastKid.get()));
            } finally {
                stop.set(true);
                load.join();
            }
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isGreaterThan(40);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
            Thread.sleep(20);
        }
    }

    @Test
    void visitorLookUpAgainstAStandInChatApi(@TempDir Path dir) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> auths = new CopyOnWriteArrayList<>();
        api.createContext("/api/v2/visitors/", ex -> {
            auths.add(ex.getRequestHeaders().getFirst("Authorization"));
            String id = ex.getRequestURI().getPath().substring("/api/v2/visitors/".length());
            int status;
            String body;
            switch (id) {
                case "v-linked" -> { status = 200; body = "{\"id\":\"v-linked\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"external_id\":\"ann\",\"banned\":false,\"notes\":\"vip\",\"phone\":\"\",\"created\":\"2026-01-01T00:00:00Z\",\"session\":{\"secret\":1}}"; }
                case "v-anon" -> { status = 200; body = "{\"id\":\"v-anon\",\"name\":\"Visitor 123\"}"; }
                case "v-denied" -> { status = 401; body = "{\"error\":\"invalid_token\"}"; }
                case "v-broken" -> { status = 500; body = "oops"; }
                case "v-html" -> { status = 200; body = "<html>maintenance</html>"; }
                case "v-slow" -> {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    status = 200;
                    body = "{}";
                }
                default -> { status = 404; body = "{\"error\":\"not found\"}"; }
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        api.start();
        String root = "http://127.0.0.1:" + api.getAddress().getPort() + "/api/v2";
        try (TestServer server = TestServer.start(dir, yaml("key-1", root))) {
            server.send(server.request("/v1/me").header("Cookie", "token=" + login("ann")));
            String admin = "Bearer " + TestServer.ADMIN_TOKEN;
            JsonNode linked = Json.MAPPER.readTree(server.send(server.request("/admin/v1/zendesk/visitors/v-linked").header("Authorization", admin)).body());
            assertThat(linked.at("/visitor/name").asText()).isEqualTo("Ann");
            assertThat(linked.at("/visitor/notes").asText()).isEqualTo("vip");
            assertThat(linked.at("/visitor").has("session")).as("only documented fields pass").isFalse();
            assertThat(linked.at("/siteUser/id").asText()).isEqualTo("ann");
            assertThat(linked.at("/siteUser/email").asText()).isEqualTo("ann@example.com");
            assertThat(auths.get(0)).isEqualTo("Bearer oauth-token-visible-only-to-zendesk");

            JsonNode anon = Json.MAPPER.readTree(server.send(server.request("/admin/v1/zendesk/visitors/v-anon").header("Authorization", admin)).body());
            assertThat(anon.get("siteUser").isNull()).isTrue();

            expect(server, admin, "v-missing", 404, "not_found");
            HttpResponse<String> denied = expect(server, admin, "v-denied", 502, "upstream_rejected");
            assertThat(denied.body()).contains("http_401").doesNotContain("oauth-token-visible");
            assertThat(expect(server, admin, "v-broken", 503, "upstream_unavailable").headers().firstValue("Retry-After")).isPresent();
            expect(server, admin, "v-html", 503, "upstream_unavailable");
            expect(server, admin, "v-slow", 503, "upstream_unavailable");
            expect(server, admin, "bad%2F..%2Fid", 400, "invalid_visitor_id");
        } finally {
            api.stop(0);
        }
    }

    static HttpResponse<String> expect(TestServer server, String admin, String id, int status, String code) throws Exception {
        var r = server.send(server.request("/admin/v1/zendesk/visitors/" + id).header("Authorization", admin));
        assertThat(r.statusCode()).as(id + ": " + r.body()).isEqualTo(status);
        assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo(code);
        return r;
    }
}
