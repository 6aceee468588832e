package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.server.support.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path answers a client exactly as the Javalin path does: the same requests against two servers, one with
 * server.fastPath on (the default) and one with it off, must get the same status, the same web-layer headers and
 * the same body shape, for successes and for every kind of refusal the web layer makes.
 */
class FastPathIT {
    static final String SECRET = "xsolla-project-secret-for-fast-path-tests";
    static final String EXTRA = """
            login:
              verifiers:
                - {name: xsolla, preset: xsolla, secret: %s, projectId: p-1}
            zendesk:
              chat: {secret: zendesk-chat-secret-for-fast-path-tests-0}
            limits: {perUserPerMinute: 5, countLoopback: true, perIpPerMinute: 1000}
            livechat:
              accountsBaseUrl: %s
              clientId: client-1
              organizationId: org-1
              redirectUri: https://shop.example.com/
            """;
    @TempDir
    static Path root;
    static AccountsStandIn livechat;
    static TestServer fast;
    static TestServer javalin;

    @BeforeAll
    static void start() throws Exception {
        livechat = new AccountsStandIn();
        String extra = EXTRA.formatted(SECRET, livechat.baseUrl());
        fast = TestServer.start(Files.createDirectories(root.resolve("fast")), extra);
        javalin = TestServer.start(Files.createDirectories(root.resolve("javalin")), extra, Map.of("CHATPASS_SERVER_FASTPATH", "false"));
    }

    @AfterAll
    static void stop() {
        fast.close();
        javalin.close();
        livechat.close();
    }

    static String token(String sub) {
        return JWT.create().withIssuer("https://login.xsolla.com").withSubject(sub).withClaim("email", sub + "@example.com").withClaim("email_verified", true)
                .withClaim("xsolla_login_project_id", "p-1").withExpiresAt(Date.from(Instant.now().plusSeconds(600)))
                .sign(Algorithm.HMAC256(SECRET));
    }

    /** What must be equal on both paths: status, the web layer's headers, and the body's shape. */
    static Map<String, Object> view(HttpResponse<String> r) throws Exception {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", r.statusCode());
        for (String h : List.of("Content-Type", "Cache-Control", "X-Content-Type-Options", "Vary", "Retry-After",
                "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers")) {
            v.put(h, r.headers().allValues(h));
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.contains("json")) {
            JsonNode body = Json.MAPPER.readTree(r.body());
            List<String> fields = new ArrayList<>();
            body.fieldNames().forEachRemaining(fields::add);
            v.put("fields", fields);
            if (body.has("code")) v.put("code", body.get("code").asText());
            if (body.has("requestId")) {
                assertThat(body.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
            }
        } else {
            v.put("bodyParts", r.body().split("\\.", -1).length);
        }
        v.put("hasRequestId", r.headers().firstValue("X-Request-Id").isPresent());
        return v;
    }

    static void same(String what, Function<TestServer, HttpRequest.Builder> request) throws Exception {
        var a = fast.send(request.apply(fast));
        var b = javalin.send(request.apply(javalin));
        assertThat(view(a)).as(what + " (fast path vs Javalin)").isEqualTo(view(b));
    }

    @Test
    void everyAnswerOfTheRoutesIsTheSameOnBothPaths() throws Exception {
        same("minting by cookie", s -> s.request("/v1/zendesk/chat/jwt").header("Cookie", "a=b; token=" + token("u1")));
        same("minting by Bearer, JSON", s -> s.request("/v1/zendesk/chat/jwt").header("Authorization", "Bearer " + token("u2"))
                .header("Accept", "application/json"));
        same("no token", s -> s.request("/v1/zendesk/chat/jwt"));
        same("an unverified email", s -> s.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + JWT.create()
                .withIssuer("https://login.xsolla.com").withSubject("unverified").withClaim("email", "ceo@example.com")
                .withClaim("xsolla_login_project_id", "p-1").withExpiresAt(Date.from(Instant.now().plusSeconds(600)))
                .sign(Algorithm.HMAC256(SECRET))));
        same("an id with a C1 control character", s -> s.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + JWT.create()
                .withIssuer("https://login.xsolla.com").withSubject("a\u0085b").withClaim("xsolla_login_project_id", "p-1")
                .withExpiresAt(Date.from(Instant.now().plusSeconds(600))).sign(Algorithm.HMAC256(SECRET))));
        same("forged token", s -> s.request("/v1/zendesk/chat/jwt").header("Authorization", "Bearer "
                + JWT.create().withIssuer("https://login.xsolla.com").withSubject("m").sign(Algorithm.HMAC256("another-secret-0000000000000000"))));
        same("garbage token", s -> s.request("/v1/zendesk/chat/jwt").header("Cookie", "token=garbage"));
        same("product not configured", s -> s.request("/v1/zendesk/messaging/jwt").header("Cookie", "token=" + token("u3")));
        same("listed origin", s -> s.request("/v1/me").header("Origin", TestServer.ALLOWED_ORIGIN).header("Cookie", "token=" + token("u4")));
        same("unlisted origin", s -> s.request("/v1/me").header("Origin", "https://evil.example").header("Cookie", "token=" + token("u5")));
        same("request id kept", s -> s.request("/v1/me").header("X-Request-Id", "abc-1").header("Cookie", "token=" + token("u6")));
        same("wrong method on a hot route", s -> s.request("/v1/zendesk/chat/jwt").POST(BodyPublishers.noBody()));
        same("health", s -> s.request("/health/live"));
        same("admin API from an allowed origin", s -> s.request("/admin/v1/users").header("Origin", TestServer.ALLOWED_ORIGIN)
                .header("Authorization", "Bearer " + TestServer.ALICE_TOKEN));
        same("ready", s -> s.request("/health/ready"));
        same("LiveChat token", s -> s.request("/v1/livechat/token").header("Cookie", "token=" + token("u7"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}")));
        same("LiveChat without a JSON body type", s -> s.request("/v1/livechat/token").header("Cookie", "token=" + token("u7"))
                .POST(BodyPublishers.ofString("{}")));
        same("LiveChat with a body that is not JSON", s -> s.request("/v1/livechat/token").header("Cookie", "token=" + token("u7"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{nope")));
        same("widget not configured", s -> s.request("/v1/intercom/identity").header("Cookie", "token=" + token("u8")));
        String big = "{\"x\":\"" + "y".repeat(70 * 1024) + "\"}";
        same("body over the limit", s -> s.request("/v1/livechat/token").header("Content-Type", "application/json")
                .header("Cookie", "token=" + token("u9")).POST(BodyPublishers.ofString(big)));
    }

    @Test
    void theUserRateLimitAnswersTheSameOnBothPaths() throws Exception {
        String t = token("busy");
        for (int i = 0; i < 5; i++) {
            assertThat(fast.send(fast.request("/v1/me").header("Cookie", "token=" + t)).statusCode()).isEqualTo(200);
            assertThat(javalin.send(javalin.request("/v1/me").header("Cookie", "token=" + t)).statusCode()).isEqualTo(200);
        }
        same("sixth request in the minute", s -> s.request("/v1/me").header("Cookie", "token=" + t));
        assertThat(fast.send(fast.request("/v1/me").header("Cookie", "token=" + t)).statusCode()).isEqualTo(429);
    }

    @Test
    void aChunkedBodyGoesToJavalinAndIsStillServed() throws Exception {
        // ofInputStream has no known length: the client sends Transfer-Encoding: chunked.
        var r = fast.send(fast.request("/v1/livechat/token").header("Content-Type", "application/json")
                .header("Cookie", "token=" + token("chunky"))
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("{}".getBytes()))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).get("accessToken").asText()).isNotBlank();
        String metrics = fast.get("/metrics").body();
        assertThat(metrics).containsPattern("route=\"/v1/livechat/token\",status=\"200\",via=\"javalin\"");
    }

    /**
     * A POST whose body arrives after its headers, to a route that needs only the content type: the connection must
     * stay usable for the next request (an unread body made Jetty close it behind the answer).
     */
    @Test
    void aBodyArrivingAfterTheHeadersLeavesTheConnectionUsable() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", fast.uri("/").getPort())) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < 3; i++) {
                out.write(("POST /v1/livechat/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Cookie: token=" + token("late" + i) + "\r\nContent-Length: 2\r\n\r\n").getBytes());
                out.flush();
                Thread.sleep(150);
                out.write("{}".getBytes());
                out.flush();
                String head = readResponse(in);
                assertThat(head).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
            }
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes());
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    /** Reads one response (headers and a Content-Length body) and returns its head. */
    static String readResponse(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new java.io.EOFException("connection closed after: " + head);
            head.append((char) b);
        }
        var m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        in.readNBytes(length);
        return head.toString();
    }

    @Test
    void theMintedTokenIsServedByTheFastPath() {
        fast.send(fast.request("/v1/zendesk/chat/jwt").header("Cookie", "token=" + token("counted")));
        String metrics = fast.get("/metrics").body();
        assertThat(metrics).containsPattern("chatpass_http_requests_seconds_count\\{method=\"GET\",route=\"/v1/zendesk/chat/jwt\",status=\"200\",via=\"fast\"} [1-9]");
        assertThat(metrics).doesNotContainPattern("route=\"/v1/zendesk/chat/jwt\",status=\"200\",via=\"javalin\"");
    }
}
