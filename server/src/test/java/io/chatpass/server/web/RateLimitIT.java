package io.chatpass.server.web;

import io.chatpass.server.support.Logins;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate limits per verified user and per client address, and which address a request comes from. */
class RateLimitIT {
    static final String SECRET = "login-secret-for-rate-limit-tests-000000";

    static String login(String user) {
        return Logins.of(SECRET, user).token();
    }

    static String yaml(String extra) {
        return """
                login:
                  verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                """.formatted(SECRET) + extra;
    }

    static void limited(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void aUserPastTheirAllowanceGets429AndOthersDoNot(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("limits: {perUserPerMinute: 3}\n"))) {
            String ann = login("ann");
            for (int i = 0; i < 3; i++) assertThat(server.send(server.request("/v1/me").header("Authorization", "Bearer " + ann)).statusCode()).isEqualTo(200);
            limited(server.send(server.request("/v1/me").header("Authorization", "Bearer " + ann)));
            // a new token for the same user is the same user
            limited(server.send(server.request("/v1/me").header("Authorization", "Bearer " + login("ann"))));
            assertThat(server.send(server.request("/v1/me").header("Authorization", "Bearer " + login("bo"))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsCounted(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("limits: {perIpPerMinute: 3}\n"),
                java.util.Map.of("CHATPASS_SERVER_TRUSTEDPROXIES", "127.0.0.1"))) {
            for (int i = 0; i < 3; i++) {
                var r = server.send(server.request("/v1/me").header("X-Forwarded-For", "203.0.113.9, 127.0.0.1")
                        .header("Authorization", "Bearer " + login("u" + i)));
                assertThat(r.statusCode()).isEqualTo(200);
            }
            limited(server.send(server.request("/v1/me").header("X-Forwarded-For", "203.0.113.9").header("Authorization", "Bearer " + login("u9"))));
            // another visitor behind the same proxy is not limited
            assertThat(server.send(server.request("/v1/me").header("X-Forwarded-For", "198.51.100.7")
                    .header("Authorization", "Bearer " + login("u10"))).statusCode()).isEqualTo(200);
            // the limit counts before the login is checked: no token needed to be refused
            limited(server.send(server.request("/v1/me").header("X-Forwarded-For", "203.0.113.9")));
        }
    }

    @Test
    void withoutATrustedProxyForwardedForIsIgnoredAndLoopbackIsNotCounted(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, yaml("limits: {perIpPerMinute: 2}\n"))) {
            for (int i = 0; i < 6; i++) {
                var r = server.send(server.request("/v1/me").header("X-Forwarded-For", "203.0.113.9")
                        .header("Authorization", "Bearer " + login("w" + i)));
                assertThat(r.statusCode()).as("a loopback client, forged X-Forwarded-For ignored").isEqualTo(200);
            }
        }
        java.nio.file.Files.createDirectories(dir.resolve("counted"));
        try (TestServer server = TestServer.start(dir.resolve("counted"), yaml("limits: {perIpPerMinute: 2, countLoopback: true}\n"))) {
            for (int i = 0; i < 2; i++) assertThat(server.send(server.request("/v1/me").header("Authorization", "Bearer " + login("c" + i))).statusCode()).isEqualTo(200);
            limited(server.send(server.request("/v1/me").header("Authorization", "Bearer " + login("c9"))));
        }
    }
}
