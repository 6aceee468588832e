package io.chatpass.server;

import io.chatpass.server.support.Logins;
import io.chatpass.server.support.Cli.Run;
import static io.chatpass.server.support.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.hubspot.HubSpotStandIn;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's command line against a real server process: key rotation, backup, export and erase. */
class OperatorCliIT {
    static final String LOGIN_SECRET = "login-secret-for-cli-tests-0000000000000";
    static final String HUBSPOT_TOKEN = "pat-na1-cli-test-private-app-token";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String login(String sub) {
        return Logins.verified(LOGIN_SECRET, sub);
    }

    static HttpResponse<String> get(int port, String path, String sub) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Cookie", "token=" + login(sub)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Long> status(Path config) throws Exception {
        Run r = cli("keys", "status", "--config", config.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("key (\\d+)( \\(primary\\))?: (\\d+) values").matcher(r.out());
        while (m.find()) out.put(m.group(1) + (m.group(2) != null ? "*" : ""), Long.parseLong(m.group(3)));
        return out;
    }

    @Test
    void rotateReSealInTheBackgroundThenRetireTheOldKey(@TempDir Path dir) throws Exception {
        try (HubSpotStandIn hs = new HubSpotStandIn(HUBSPOT_TOKEN)) {
            int port = ServerProcess.freePort();
            Path config = TestServer.writeConfig(dir, port, """
                    login:
                      verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                    widgets:
                      hubspot: {apiRoot: "%s", privateAppToken: %s}
                    """.formatted(LOGIN_SECRET, hs.apiRoot(), HUBSPOT_TOKEN));
            Path keyset = dir.resolve("keyset.json");
            Map<String, String> tokens = new java.util.HashMap<>();
            try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("one.log"), Map.of())) {
                for (int i = 0; i < 12; i++) {
                    tokens.put("k" + i, Json.MAPPER.readTree(get(port, "/v1/hubspot/identity", "k" + i).body()).get("identificationToken").asText());
                }
            }
            Map<String, Long> before = status(config);
            assertThat(before).hasSize(1).containsValue(12L);
            String oldKey = before.keySet().iterator().next().replace("*", "");

            Run rotate = cli("keys", "rotate", "--keyset", keyset.toString());
            assertThat(rotate.exit()).as(rotate.out()).isZero();
            assertThat(rotate.out()).contains("new primary key");
            Run early = cli("keys", "retire", "--config", config.toString(), "--keyset", keyset.toString(), oldKey);
            assertThat(early.exit()).isEqualTo(2);
            assertThat(early.out()).contains("refused").contains("12 stored values");

            try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("two.log"), Map.of())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (status(config).getOrDefault(oldKey, 0L) > 0) {
                    assertThat(System.nanoTime()).as("background re-sealing finished").isLessThan(deadline);
                    Thread.sleep(300);
                }
                assertThat(status(config).values()).containsExactlyInAnyOrder(0L, 12L);
            }
            Run retire = cli("keys", "retire", "--config", config.toString(), "--keyset", keyset.toString(), oldKey);
            assertThat(retire.exit()).as(retire.out()).isZero();
            assertThat(status(config)).hasSize(1);
            int calls = hs.calls.get();
            try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("three.log"), Map.of())) {
                for (int i = 0; i < 12; i++) {
                    assertThat(Json.MAPPER.readTree(get(port, "/v1/hubspot/identity", "k" + i).body()).get("identificationToken").asText())
                            .isEqualTo(tokens.get("k" + i));
                }
            }
            assertThat(hs.calls.get()).as("every cached token still opens with the new key alone").isEqualTo(calls);
        }
    }

    @Test
    void backupUnderLoadExportAndErase(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, """
                login:
                  verifiers: [{name: x, preset: xsolla, secret: %s, projectId: p1}]
                """.formatted(LOGIN_SECRET));
        try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of())) {
            for (int i = 0; i < 50; i++) assertThat(get(port, "/v1/me", "b" + i).statusCode()).isEqualTo(200);
            Thread load = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 300 && !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        get(port, "/v1/me", "load" + i);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            Path backup = dir.resolve("backup.db");
            Run b = cli("store", "backup", "--config", config.toString(), backup.toString());
            load.join();
            assertThat(b.exit()).as(b.out()).isZero();
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + backup); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM site_users WHERE id LIKE 'b%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(50);
            }
            assertThat(cli("store", "backup", "--config", config.toString(), backup.toString()).exit()).as("never overwrites").isEqualTo(2);

            Run export = cli("users", "export", "--config", config.toString(), "b7");
            assertThat(export.exit()).as(export.out()).isZero();
            assertThat(export.out()).contains("\"b7@example.com\"");
            Run erase = cli("users", "erase", "--config", config.toString(), "b7");
            assertThat(erase.exit()).as(erase.out()).isZero();
            assertThat(cli("users", "erase", "--config", config.toString(), "b7").exit()).isEqualTo(2);
            var audit = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/v1/audit?action=user.erase"))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readTree(audit.body()).get("entries").get(0).get("actor").asText()).startsWith("cli:");
        }
    }
}
