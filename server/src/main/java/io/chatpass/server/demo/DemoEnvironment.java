package io.chatpass.server.demo;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.Secret;
import io.chatpass.server.admin.AdminGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * The demo's data folder: secrets made on the first run (random, never shipped in the repository), kept with the
 * SQLite file so a second run can still read what the first one encrypted. The configuration is written on every
 * start (for the port asked for) and points the login, Zendesk, LiveChat and the other widgets at the sandbox on
 * this same server.
 */
public final class DemoEnvironment {
    private final Path dir;

    public DemoEnvironment(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** Creates any missing secret, then writes the demo configuration; returns its path. */
    public Path prepare(int port) {
        try {
            Path secrets = dir.resolve("secrets");
            Files.createDirectories(secrets);
            restrict(secrets, "rwx------");
            writeOnce(secrets.resolve("keyset.json"), SecretBox.generateKeyset());
            for (String name : new String[] {"login-secret", "zendesk-chat-secret", "zendesk-messaging-secret", "zendesk-oauth-token",
                    "intercom-secret", "crisp-verify-secret", "crisp-token-id-secret", "tawkto-secret", "helpscout-secret",
                    "chatwoot-secret", "front-secret", "drift-secret", "hubspot-private-app-token"}) {
                writeOnce(secrets.resolve(name), Secret.newRandomText());
            }
            String adminToken = Secret.newRandomText();
            if (writeOnce(secrets.resolve("admin-token"), adminToken)) {
                Files.writeString(secrets.resolve("admin-token.sha256"), HexFormat.of().formatHex(AdminGuard.sha256(adminToken)));
            }
            String base = "http://127.0.0.1:" + port;
            Path config = dir.resolve("chatpass.yml");
            Files.writeString(config, """
                    # Written by `chatpass demo` on every start; the secrets beside it are made once and kept.
                    server:
                      host: 127.0.0.1
                      port: %1$d
                      publicUrl: %2$s
                      allowedOrigins: [%2$s, "http://localhost:%1$d"]
                    admin:
                      tokenSha256: ${file:secrets/admin-token.sha256}
                    store:
                      sqlitePath: %3$s
                      encryptionKeyset: ${file:secrets/keyset.json}
                    login:
                      verifiers:
                        - {name: sandbox-xsolla, preset: xsolla, secret: "${file:secrets/login-secret}", projectId: sandbox}
                    zendesk:
                      chat: {secret: "${file:secrets/zendesk-chat-secret}"}
                      messaging:
                        keys: [{id: demo-key-1, secret: "${file:secrets/zendesk-messaging-secret}", active: true}]
                      visitors: {apiRoot: "%2$s/sandbox/zendesk/api/v2", oauthToken: "${file:secrets/zendesk-oauth-token}"}
                    livechat:
                      accountsBaseUrl: %2$s/sandbox/livechat
                      clientId: demo-client
                      organizationId: 6f1c2d3e-demo-4a5b-8c9d-0e1f2a3b4c5d
                      redirectUri: %2$s/demo/
                    widgets:
                      intercom: {secret: "${file:secrets/intercom-secret}"}
                      crisp: {verifySecret: "${file:secrets/crisp-verify-secret}", tokenIdSecret: "${file:secrets/crisp-token-id-secret}"}
                      tawkto: {secret: "${file:secrets/tawkto-secret}"}
                      helpscout: {secret: "${file:secrets/helpscout-secret}"}
                      chatwoot: {secret: "${file:secrets/chatwoot-secret}"}
                      front: {secret: "${file:secrets/front-secret}"}
                      drift: {secret: "${file:secrets/drift-secret}"}
                      hubspot: {apiRoot: "%2$s/sandbox/hubspot", privateAppToken: "${file:secrets/hubspot-private-app-token}"}
                    sandbox:
                      enabled: true
                      loginSecret: ${file:secrets/login-secret}
                    """.formatted(port, base, dir.resolve("chatpass.db")));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo folder " + dir, e);
        }
    }

    private static boolean writeOnce(Path file, String content) throws IOException {
        if (Files.exists(file)) return false;
        Files.writeString(file, content);
        restrict(file, "rw-------");
        return true;
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to do
        }
    }
}
