package io.chatpass.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatpass.server.support.TestServer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web layer as a client sees it, on a real server over a real SQLite file. /health/live and the token routes are
 * hot routes, served by the fast path here; {@link WebLayerJavalinPathIT} runs every check again with the fast path off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebLayerIT {
    Path dir;
    TestServer server;

    /** The environment overrides the server starts with. */
    Map<String, String> env() {
        return Map.of();
    }

    @BeforeAll
    void start(@TempDir Path tempDir) {
        dir = tempDir;
        server = TestServer.start(dir, "", env());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static JsonNode problem(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).isEqualTo("urn:chatpass:problem:" + code);
        assertThat(body.get("title").asText()).isNotBlank();
        assertThat(body.get("detail").asText()).isNotBlank();
        return body;
    }

    @Test
    void strictTransportSecurityOnEveryAnswerOnlyWhenThePublicUrlIsHttps(@TempDir Path other) throws Exception {
        assertThat(server.get("/health/live").headers().firstValue("Strict-Transport-Security")).as("plain http").isEmpty();
        Map<String, String> https = new java.util.HashMap<>(env());
        https.put("CHATPASS_SERVER_PUBLICURL", "https://chat.example.com");
        try (TestServer s = TestServer.start(other, "", https)) {
            for (String path : new String[] {"/health/live", "/v1/zendesk/chat/jwt", "/no/such/route", "/admin/login", "/v1/widget/livechat.js"}) {
                assertThat(s.get(path).headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
            }
        }
        https.put("CHATPASS_SERVER_HSTSMAXAGESECONDS", "0");
        try (TestServer s = TestServer.start(java.nio.file.Files.createDirectories(other.resolve("off")), "", https)) {
            assertThat(s.get("/health/live").headers().firstValue("Strict-Transport-Security")).as("max-age 0: none").isEmpty();
        }
    }

    @Test
    void unknownRouteIsAProblem404() throws Exception {
        problem(server.get("/no/such/route"), 404, "not_found");
    }

    @Test
    void wrongMethodIsAProblem405() throws Exception {
        problem(server.send(server.request("/health/live").DELETE()), 405, "method_not_allowed");
    }

    @Test
    void oversizeBodyIsAProblem413() throws Exception {
        String big = "{\"reason\":\"" + "x".repeat(70 * 1024) + "\"}";
        var r = server.send(server.request("/admin/v1/users/u1/block").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).POST(BodyPublishers.ofString(big)));
        problem(r, 413, "request_too_large");
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
    }

    /** Answering while the client still sends resets its connection: a moderately oversized body is read first. */
    @Test
    void everyOversizeBodyGetsItsAnswerNotAReset() throws Exception {
        String big = "{\"reason\":\"" + "x".repeat(300 * 1024) + "\"}";
        for (int i = 0; i < 30; i++) {
            var r = server.send(server.request("/admin/v1/users/u" + i + "/block").header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).POST(BodyPublishers.ofString(big)));
            problem(r, 413, "request_too_large");
        }
    }

    @Test
    void oversizeHeadersAreAProblem431() throws Exception {
        var r = server.send(server.request("/health/live").header("X-Filler", "y".repeat(20 * 1024)).GET());
        problem(r, 431, "headers_too_large");
    }

    @Test
    void unexpectedFailureIsAProblem500WithoutInternals() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chatpass.db"));
             var s = c.createStatement()) {
            s.execute("ALTER TABLE site_users RENAME TO site_users_gone");
        }
        try {
            var r = server.send(server.request("/admin/v1/users/u1").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
            JsonNode body = problem(r, 500, "internal");
            assertThat(r.body()).doesNotContainIgnoringCase("sql").doesNotContain("Exception");
            assertThat(body.get("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
        } finally {
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chatpass.db"));
                 var s = c.createStatement()) {
                s.execute("ALTER TABLE site_users_gone RENAME TO site_users");
            }
        }
    }

    @Test
    void requestIdIsEchoedWhenPlainAndReplacedWhenNot() {
        assertThat(server.send(server.request("/health/live").header("X-Request-Id", "abc-123")).headers()
                .firstValue("X-Request-Id")).hasValue("abc-123");
        String replaced = server.send(server.request("/health/live").header("X-Request-Id", "a b <script>")).headers()
                .firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).matches("[0-9a-f]{32}");
        assertThat(server.get("/health/live").headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void listedOriginGetsExactlyItselfWithCredentials() {
        var r = server.send(server.request("/health/live").header("Origin", TestServer.ALLOWED_ORIGIN));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TestServer.ALLOWED_ORIGIN);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.headers().allValues("Vary")).contains("Origin");
    }

    @Test
    void unlistedOriginGetsNoAllowOriginAndApiRoutesRefuseIt() throws Exception {
        var r = server.send(server.request("/health/live").header("Origin", "https://evil.example"));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(r.headers().allValues("Vary")).contains("Origin");
        var api = server.send(server.request("/admin/v1/users/u1").header("Origin", "https://shop.example.com.evil.example")
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
        problem(api, 403, "origin_not_allowed");
        assertThat(api.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void preflightIsAnsweredForListedOriginsOnly() throws Exception {
        var ok = server.send(server.request("/v1/livechat/token").header("Origin", TestServer.ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", BodyPublishers.noBody()));
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(TestServer.ALLOWED_ORIGIN);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).containsIgnoringCase("content-type");
        var refused = server.send(server.request("/v1/livechat/token").header("Origin", "null")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", BodyPublishers.noBody()));
        problem(refused, 403, "origin_not_allowed");
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void adminRoutesNeedTheToken() throws Exception {
        problem(server.get("/admin/v1/users/u1"), 401, "admin_token_invalid");
        problem(server.send(server.request("/admin/v1/users/u1").header("Authorization", "Bearer wrong")), 401, "admin_token_invalid");
        problem(server.send(server.request("/admin/v1/users/u1").header("Authorization", "Basic " + TestServer.ADMIN_TOKEN)),
                401, "admin_token_invalid");
    }

    @Test
    void adminBlocksAndUnblocksAUser() throws Exception {
        String auth = "Bearer " + TestServer.ADMIN_TOKEN;
        problem(server.send(server.request("/admin/v1/users/carol").header("Authorization", auth)), 404, "not_found");
        problem(server.send(server.request("/admin/v1/users/carol/block").header("Authorization", auth)
                .POST(BodyPublishers.ofString("{}"))), 415, "unsupported_media_type");
        var block = server.send(server.request("/admin/v1/users/carol/block").header("Authorization", auth)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"reason\":\"spam\"}")));
        assertThat(block.statusCode()).isEqualTo(204);
        JsonNode user = Json.MAPPER.readTree(server.send(server.request("/admin/v1/users/carol").header("Authorization", auth)).body());
        assertThat(user.get("blocked").asBoolean()).isTrue();
        assertThat(user.get("blockReason").asText()).isEqualTo("spam");
        var unblock = server.send(server.request("/admin/v1/users/carol/unblock").header("Authorization", auth)
                .header("Content-Type", "application/json").POST(BodyPublishers.noBody()));
        assertThat(unblock.statusCode()).isEqualTo(204);
        user = Json.MAPPER.readTree(server.send(server.request("/admin/v1/users/carol").header("Authorization", auth)).body());
        assertThat(user.get("blocked").asBoolean()).isFalse();
    }

    @Test
    void malformedAdminBodyChangesNothing() throws Exception {
        String auth = "Bearer " + TestServer.ADMIN_TOKEN;
        problem(server.send(server.request("/admin/v1/users/dave/block").header("Authorization", auth)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{not json"))), 400, "invalid_body");
        problem(server.send(server.request("/admin/v1/users/dave").header("Authorization", auth)), 404, "not_found");
    }

    @Test
    void healthAnswers() throws Exception {
        assertThat(Json.MAPPER.readTree(server.get("/health/live").body()).get("status").asText()).isEqualTo("up");
        var ready = server.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ready.body()).get("store").asText()).isEqualTo("up");
    }

    String expectedVia() {
        return "fast";
    }

    @Test
    void metricsNameWhichRequestPathServedTheRoutes() {
        server.get("/health/live");
        server.get("/openapi.yaml");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).containsPattern("chatpass_http_requests_seconds_count\\{.*route=\"/health/live\".*via=\"" + expectedVia() + "\".*} [1-9]");
        assertThat(metrics).containsPattern("chatpass_http_requests_seconds_count\\{.*route=\"/openapi.yaml\".*via=\"javalin\".*} [1-9]");
    }

    @Test
    void metricsCountRequestsPerRouteAndShowJvmFigures() {
        server.get("/health/live");
        String metrics = server.get("/metrics").body();
        assertThat(metrics).containsPattern("chatpass_http_requests_seconds_count\\{.*route=\"/health/live\".*} [1-9]");
        assertThat(metrics).contains("chatpass_http_requests_seconds_bucket");
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }
}
