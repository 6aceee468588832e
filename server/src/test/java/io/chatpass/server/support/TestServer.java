package io.chatpass.server.support;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.App;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.admin.AdminGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/** A real Chatpass server on a free loopback port, over a real SQLite file, with known secrets. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-8e1f0c2d9a7b4e6f";
    /** Named operators beside the legacy single token (which is the operator "admin"). */
    public static final String ALICE_TOKEN = "operator-token-alice-5d1c9e7a3b2f4068";
    public static final String BOB_TOKEN = "operator-token-bob-0a7e3c5b9d1f2468";
    public static final String ALLOWED_ORIGIN = "https://shop.example.com";

    private final App app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(App app) {
        this.app = app;
    }

    /** Writes a config file (with the given extra YAML appended) into dir, and returns its path. */
    public static Path writeConfig(Path dir, int port, String extraYaml) {
        try {
            Files.writeString(dir.resolve("keyset.json"), SecretBox.generateKeyset());
            Path file = dir.resolve("chatpass.yml");
            Files.writeString(file, configText(dir, port, extraYaml));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config text writeConfig writes (the keyset file must already be in dir). */
    public static String configText(Path dir, int port, String extraYaml) {
            return """
                    server:
                      port: %d
                      allowedOrigins: [%s]
                    admin:
                      tokenSha256: %s
                      tokens:
                        - {name: alice, sha256: %s}
                        - {name: bob, sha256: %s}
                    store:
                      sqlitePath: %s
                      encryptionKeyset: ${file:keyset.json}
                    """.formatted(port, ALLOWED_ORIGIN, HexFormat.of().formatHex(AdminGuard.sha256(ADMIN_TOKEN)),
                    HexFormat.of().formatHex(AdminGuard.sha256(ALICE_TOKEN)), HexFormat.of().formatHex(AdminGuard.sha256(BOB_TOKEN)),
                    dir.resolve("chatpass.db")) + extraYaml;
    }

    public static TestServer start(Path dir) {
        return start(dir, "");
    }

    public static TestServer start(Path dir, String extraYaml) {
        return start(dir, extraYaml, Map.of());
    }

    /** With CHATPASS_ environment overrides, as an operator would set them. */
    public static TestServer start(Path dir, String extraYaml, Map<String, String> env) {
        ChatpassConfig cfg = new ConfigLoader(env, io.chatpass.server.vendors.VendorRegistry.sections()).load(writeConfig(dir, 0, extraYaml));
        createSigningKeys(cfg);
        return new TestServer(App.create(cfg, Clock.systemUTC()).start());
    }

    /**
     * What an operator does once with `chatpass keys signing create`: a key for each algorithm the configured vendors
     * sign with (Salesforce, Dynamics 365), made in the store before the server starts.
     */
    public static void createSigningKeys(ChatpassConfig cfg) {
        var needed = App.signingAlgorithmsNeeded(cfg);
        if (needed.isEmpty()) return;
        try (io.chatpass.core.store.Database db = io.chatpass.core.store.Database.open(cfg.store().settings())) {
            var store = new io.chatpass.core.signing.SigningKeyStore(db.dataSource(), SecretBox.fromKeyset(cfg.store().encryptionKeyset()),
                    Clock.systemUTC());
            for (var alg : needed) {
                if (store.all().stream().noneMatch(k -> k.alg() == alg)) store.create(alg, 2048);
            }
        }
    }

    /** With the sandbox on, as only `chatpass demo` may run it: the demo's loader, which reads no environment. */
    public static TestServer startSandbox(Path dir, String extraYaml) {
        ChatpassConfig cfg = ConfigLoader.forDemo(io.chatpass.server.vendors.VendorRegistry.sections()).load(writeConfig(dir, 0, extraYaml));
        return new TestServer(App.create(cfg, Clock.systemUTC()).start());
    }

    public static TestServer start(ChatpassConfig cfg) {
        return new TestServer(App.create(cfg, Clock.systemUTC()).start());
    }

    /** With a clock the test moves (session and cache expiry without sleeping). */
    public static TestServer start(ChatpassConfig cfg, Clock clock) {
        return new TestServer(App.create(cfg, clock).start());
    }

    public App app() {
        return app;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    @Override
    public void close() {
        app.close();
    }
}
