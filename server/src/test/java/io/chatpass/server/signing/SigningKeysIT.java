package io.chatpass.server.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeyStore;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.server.support.Node;
import io.chatpass.server.support.Cli.Run;
import static io.chatpass.server.support.Cli.cli;
import io.chatpass.server.support.ServerProcess;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `chatpass keys signing` against a real server process: keys made by the CLI are published at
 * /.well-known/jwks.json, and tokens they sign verify with Node's jose fetching that key set (x5c checked too).
 */
class SigningKeysIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static String kid(String out) {
        Matcher m = Pattern.compile("key ([A-Za-z0-9_-]{43})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    void keysFromTheCliArePublishedAndTheirTokensVerifyWithJose(@TempDir Path dir) throws Exception {
        Node.ensureModules();
        int port = ServerProcess.freePort();
        Path config = TestServer.writeConfig(dir, port, "");
        String rs256 = kid(expectOk(cli("keys", "signing", "create", "--alg", "RS256", "--config", config.toString())));
        String es256 = kid(expectOk(cli("keys", "signing", "create", "--alg", "ES256", "--config", config.toString())));
        String rs512 = kid(expectOk(cli("keys", "signing", "create", "--alg", "RS512", "--bits", "3072", "--config", config.toString())));
        Run again = cli("keys", "signing", "create", "--alg", "RS256", "--config", config.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.out()).contains("refused").contains("rotate");
        Run tooSoon = cli("keys", "signing", "rotate", "--alg", "RS256", "--publish-before", "10", "--config", config.toString());
        assertThat(tooSoon.exit()).as(tooSoon.out()).isEqualTo(2);
        String next = kid(expectOk(cli("keys", "signing", "rotate", "--alg", "RS256", "--config", config.toString())));
        Run refused = cli("keys", "signing", "retire", rs256, "--config", config.toString());
        assertThat(refused.out()).contains("signing key; rotate first");
        String status = expectOk(cli("keys", "signing", "status", "--config", config.toString()));
        assertThat(status).contains(rs256 + "  RS256  signing").contains(next + "  RS256  next").contains(es256 + "  ES256  signing");

        try (ServerProcess p = ServerProcess.start(config, port, dir.resolve("server.log"), Map.of())) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/jwk-set+json");
            assertThat(r.body()).doesNotContain("\"d\":");

            // Tokens signed the way the server signs (same store, same keyset): jose checks them against the served set.
            List<Map<String, Object>> cases = new ArrayList<>();
            try (Database db = Database.open(StoreSettings.sqlite(dir.resolve("chatpass.db")))) {
                SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(Files.readString(dir.resolve("keyset.json"))));
                SigningKeys keys = new SigningKeys(new SigningKeyStore(db.dataSource(), box, Clock.systemUTC()), Clock.systemUTC(), Duration.ZERO);
                for (SigningAlgorithm alg : SigningAlgorithm.values()) {
                    String token = JwtSigner.ownKey("test", keys, alg, Duration.ofMinutes(5), Duration.ofHours(1), Clock.systemUTC())
                            .sign(c -> c.subject("user-" + alg)).token();
                    cases.add(Map.of("token", token, "alg", alg.name(), "sub", "user-" + alg));
                }
            }
            StringBuilder out = new StringBuilder();
            boolean ok = Node.check("verify-jwks.mjs", Json.MAPPER.writeValueAsString(Map.of(
                    "jwksUrl", "http://127.0.0.1:" + port + "/.well-known/jwks.json",
                    "expectKids", List.of(rs256, es256, rs512, next), "cases", cases)), out);
            assertThat(ok).as(out.toString()).isTrue();
            assertThat(out.toString()).contains("ok RS256").contains("ok RS512").contains("ok ES256");
        }
    }

    private static String expectOk(Run r) {
        assertThat(r.exit()).as(r.out()).isZero();
        return r.out();
    }
}
