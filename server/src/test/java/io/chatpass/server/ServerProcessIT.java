package io.chatpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server as a real process: what it logs, how it stops, and what survives a kill -9. */
class ServerProcessIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(int port, HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder req(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    @Test
    void anAcknowledgedWriteSurvivesKillDashNine(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        try (ServerProcess first = ServerProcess.start(config, port, dir.resolve("first.log"), Map.of())) {
            // What the live connection reports, not what the URL asked for: with synchronous=OFF this fails.
            assertThat(first.log()).contains("store durability: journal_mode=wal synchronous=FULL");
            var r = send(port, req(port, "/admin/v1/users/erin/block").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"reason\":\"fraud\"}")));
            assertThat(r.statusCode()).isEqualTo(204);
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(config, port, dir.resolve("second.log"), Map.of())) {
            var r = send(port, req(port, "/admin/v1/users/erin").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"blocked\":true").contains("fraud");
        }
    }

    @Test
    void sigtermStopsCleanlyWithExitZeroAndLogsStartToReady(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of());
        assertThat(p.terminate()).isEqualTo(0);
        String log = p.log();
        Matcher m = Pattern.compile("ready in (\\d+) ms").matcher(log);
        assertThat(m.find()).as("start-to-ready line in:\n%s", log).isTrue();
        assertThat(log).contains("stopping").contains("stopped");
    }

    @Test
    void sigtermLetsAnInFlightRequestFinish(@TempDir Path dir) throws Exception {
        try (var upstream = new io.chatpass.server.vendors.livechat.AccountsStandIn()) {
            upstream.delayMillis = 1500; // LiveChat answers slowly: the request is in flight when SIGTERM comes
            int port = ServerProcess.freePort();
            String secret = "login-secret-for-shutdown-test-000000000000";
            Path config = TestServer.writeConfig(dir, port, """
                    login:
                      verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                    livechat: {accountsBaseUrl: "%s", clientId: c, organizationId: o, redirectUri: "https://shop.example.com/"}
                    """.formatted(secret, upstream.baseUrl()));
            String login = com.auth0.jwt.JWT.create().withIssuer("https://login.xsolla.com").withSubject("slow-user")
                    .withClaim("xsolla_login_project_id", "p1").withExpiresAt(java.util.Date.from(java.time.Instant.now().plusSeconds(600)))
                    .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(secret));
            ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of());
            var inFlight = http.sendAsync(req(port, "/v1/livechat/token").header("Cookie", "token=" + login)
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (upstream.calls.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(upstream.calls.get()).as("the request reached the upstream").isEqualTo(1);
            assertThat(p.terminate()).isEqualTo(0);
            HttpResponse<String> r = inFlight.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("accessToken");
        }
    }

    @Test
    void noSecretReachesTheLog(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        String envSecret = "env-secret-5f0b7c1e2d3a4b5c6d7e8f9a0b1c2d3e";
        String loginSecret = "login-secret-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d";
        String crispTokens = "crisp-token-id-secret-3e4f5a6b7c8d9e0f1a2b";
        String hubspotToken = "pat-na1-0f1e2d3c-4b5a-6978-8a9b-secret";
        String driftKey = "drift-key-7d6c5b4a39281706f5e4d3c2b1a0";
        // HubSpot at a closed loopback port: every identity call fails upstream and is logged.
        Path config = TestServer.writeConfig(dir, port, """
                login:
                  verifiers:
                    - {name: xsolla, preset: xsolla, secret: "${XSOLLA_SECRET}", projectId: p1}
                widgets:
                  crisp: {verifySecret: crisp-verify-secret-0a1b2c3d4e, tokenIdSecret: %s}
                  drift: {secret: %s}
                  hubspot: {apiRoot: "http://127.0.0.1:1", privateAppToken: "%s"}
                """.formatted(crispTokens, driftKey, hubspotToken));
        var claims = com.auth0.jwt.JWT.create().withIssuer("https://login.xsolla.com").withSubject("u-42")
                .withClaim("xsolla_login_project_id", "p1").withExpiresAt(java.util.Date.from(java.time.Instant.now().plusSeconds(600)));
        String goodToken = claims.sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(loginSecret));
        String forgedToken = claims.sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(envSecret));
        String keyset = Files.readString(dir.resolve("keyset.json"));
        Matcher keyValue = Pattern.compile("\"value\":\"([^\"]+)\"").matcher(keyset);
        assertThat(keyValue.find()).isTrue();
        String keyMaterial = keyValue.group(1);
        try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"),
                Map.of("CHATPASS_SERVER_PUBLICURL", "http://127.0.0.1:" + port, "UNRELATED_SECRET", envSecret,
                        "XSOLLA_SECRET", loginSecret))) {
            assertThat(send(port, req(port, "/v1/me").header("Cookie", "token=" + goodToken)).statusCode()).isEqualTo(200);
            assertThat(send(port, req(port, "/v1/me").header("Authorization", "Bearer " + forgedToken)).statusCode()).isEqualTo(401);
            assertThat(send(port, req(port, "/v1/me").header("Authorization", "Bearer " + goodToken + "x")).statusCode()).isEqualTo(401);
            send(port, req(port, "/admin/v1/users/x").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN));
            send(port, req(port, "/admin/v1/users/x").header("Authorization", "Bearer " + envSecret));
            send(port, req(port, "/admin/v1/users/x/block").header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                    .header("Content-Type", "application/json").header("Cookie", "token=" + envSecret)
                    .POST(BodyPublishers.ofString("{bad json " + envSecret)));
            send(port, req(port, "/nope?token=" + envSecret));
            var claimsWithEmail = claims.withClaim("email", "u42@example.com").withClaim("email_verified", true).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(loginSecret));
            assertThat(send(port, req(port, "/v1/crisp/identity").header("Cookie", "token=" + claimsWithEmail)).statusCode()).isEqualTo(200);
            assertThat(send(port, req(port, "/v1/drift/identity").header("Cookie", "token=" + claimsWithEmail)).statusCode()).isEqualTo(200);
            assertThat(send(port, req(port, "/v1/hubspot/identity").header("Cookie", "token=" + claimsWithEmail)).statusCode()).isEqualTo(503);
            assertThat(p.terminate()).isEqualTo(0);
            String log = p.log();
            assertThat(log).contains("ready in");
            assertThat(log).contains("login token refused");
            assertThat(log).doesNotContain(TestServer.ADMIN_TOKEN).doesNotContain(envSecret).doesNotContain(keyMaterial)
                    .doesNotContain(loginSecret).doesNotContain(goodToken.split("\\.")[2]).doesNotContain(forgedToken.split("\\.")[2])
                    .doesNotContain(goodToken.split("\\.")[1]);
            assertThat(log).contains("hubspot identity failed upstream")
                    .doesNotContain(crispTokens).doesNotContain("crisp-verify-secret-0a1b2c3d4e").doesNotContain(driftKey)
                    .doesNotContain(hubspotToken);
        }
    }

    private static Process serveOnce(Path config, Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar"),
                "serve", "--config", config.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CHATPASS_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a start that must fail; returns its whole output after checking it exits 2 with no stack trace. */
    private static String failedStart(Path config, Map<String, String> env) throws Exception {
        Process p = serveOnce(config, env);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isEqualTo(2);
        assertThat(out).as("no stack trace at the default level").doesNotContain("\tat ").doesNotContain("Exception in thread");
        return out;
    }

    @Test
    void keysGeneratePrintsOnlyWhatItPromises() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar"), "keys",
                "generate").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(0);
        // Scripts take the keyset from line 3: nothing else (such as the logging library's own status) may reach stdout.
        assertThat(out).doesNotContain("|-INFO").doesNotContain("|-WARN");
        assertThat(out.lines().toList().get(2)).startsWith("{\"primaryKeyId\"");
        Process named = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("chatpass.jar"), "keys",
                "generate", "--name", "alice").start();
        var lines = new String(named.getInputStream().readAllBytes()).lines().toList();
        assertThat(named.waitFor()).isEqualTo(0);
        String token = lines.get(lines.size() - 2);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("- {name: alice, sha256: "
                + HexFormat.of().formatHex(io.chatpass.server.admin.AdminGuard.sha256(token)) + "}");
    }

    @Test
    void aSecondServerOnTheSameSqliteFileRefusesToStart(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        try (ServerProcess first = ServerProcess.start(config, port, dir.resolve("first.log"), Map.of())) {
            String out = failedStart(config, Map.of("CHATPASS_SERVER_PORT", Integer.toString(ServerProcess.freePort())));
            assertThat(out).contains("store.sqlitePath").contains("already in use").contains("PostgreSQL");
            assertThat(send(port, req(port, "/health/ready")).statusCode()).as("the first keeps serving").isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsOneLineNamingTheSetting(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path config = TestServer.writeConfig(dir, taken.getLocalPort(), "");
            String out = failedStart(config, Map.of());
            assertThat(out).contains("server.port").contains(Integer.toString(taken.getLocalPort()));
            assertThat(out.lines().filter(l -> l.startsWith("chatpass:")).count()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingTheSetting(@TempDir Path dir) throws Exception {
        Path config = TestServer.writeConfig(dir, ServerProcess.freePort(), "");
        Files.writeString(config, Files.readString(config).replaceAll("  sqlitePath: .*\n",
                "  jdbcUrl: jdbc:postgresql://127.0.0.1:" + ServerProcess.freePort() + "/chatpass\n"));
        String out = failedStart(config, Map.of());
        assertThat(out).contains("store.jdbcUrl").contains("PostgreSQL is running");
    }

    @Test
    void untrustedTextCannotForgeALogLine(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        String secret = "login-secret-for-log-forging-test-0000000000";
        Path config = TestServer.writeConfig(dir, port, """
                login:
                  verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                """.formatted(secret));
        String forged = "INFO  [] chatpass.admin - admin token accepted";
        // nimbus quotes the typ header in its refusal; a newline there used to start a line of the attacker's.
        String token = com.auth0.jwt.JWT.create().withHeader(Map.of("typ", "JWT\n" + forged, "kid", "k\r\n" + forged))
                .withIssuer("https://login.xsolla.com").withSubject("u1").withClaim("xsolla_login_project_id", "p1")
                .withExpiresAt(java.util.Date.from(java.time.Instant.now().plusSeconds(600)))
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(secret));
        try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of())) {
            assertThat(send(port, req(port, "/v1/me").header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(401);
            send(port, req(port, "/v1/nope%0A" + forged.replace(" ", "%20").replace("[", "%5B").replace("]", "%5D")));
            assertThat(p.terminate()).isEqualTo(0);
            String log = p.log();
            assertThat(log).contains("login token refused").contains("\\n" + forged);
            assertThat(log.lines().filter(l -> l.startsWith(forged) || l.startsWith("\r")).toList()).isEmpty();
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheClientAddress(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "logging: {format: json}\n");
        try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of())) {
            assertThat(send(port, req(port, "/v1/me").header("Authorization", "Bearer not-a-token")).statusCode()).isEqualTo(401);
            assertThat(p.terminate()).isEqualTo(0);
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var lines = p.log().lines().filter(l -> l.startsWith("{")).toList();
            assertThat(lines).isNotEmpty();
            List<String> access = new ArrayList<>();
            for (String l : lines) {
                var node = mapper.readTree(l); // every line is one JSON object
                assertThat(node.has("level")).isTrue();
                if (node.path("loggerName").asText().equals("chatpass.access")) access.add(node.path("formattedMessage").asText());
            }
            assertThat(access).anyMatch(m -> m.startsWith("127.0.0.1 GET /v1/me -> 401"));
        }
    }

    @Test
    void startRefusesABadConfigNamingTheKey(@TempDir Path dir) throws Exception {
        Path config = TestServer.writeConfig(dir, 0, "");
        Files.writeString(config, Files.readString(config).replace("  port: 0\n", "  port: 0\n  prot: 9\n"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", System.getProperty("chatpass.jar"), "serve", "--config", config.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("server.prot").contains("unknown key");
    }
}
