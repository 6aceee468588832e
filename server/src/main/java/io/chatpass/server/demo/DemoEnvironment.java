package io.chatpass.server.demo;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.Secret;
import io.chatpass.server.admin.AdminGuard;
import io.chatpass.server.vendor.Vendor;
import io.chatpass.server.vendors.VendorRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * The demo's data folder: secrets made on the first run (random, never shipped in the repository), kept with the
 * SQLite file so a second run can still read what the first one encrypted. The configuration is written on every
 * start (for the port asked for) and points the login and every vendor of the registry at its sandbox stand-in on
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
            writeOnce(secrets.resolve("login-secret"), Secret.newRandomText());
            for (Vendor<?> v : VendorRegistry.all()) {
                for (String name : v.demo().secretFiles()) writeOnce(secrets.resolve(name), Secret.newRandomText());
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
                    sandbox:
                      enabled: true
                      loginSecret: ${file:secrets/login-secret}
                    """.formatted(port, base, dir.resolve("chatpass.db")) + vendorSections(base));
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo folder " + dir, e);
        }
    }

    /** Every vendor's demo section, grouped as the file groups them (the widgets under widgets:). */
    static String vendorSections(String base) {
        StringBuilder out = new StringBuilder();
        java.util.Map<String, StringBuilder> groups = new java.util.LinkedHashMap<>();
        for (Vendor<?> v : VendorRegistry.all()) {
            String[] keys = v.section().split("\\.");
            String body = v.demo().yaml().replace("{base}", base).strip();
            if (keys.length == 1) {
                out.append(keys[0]).append(":\n").append(indent(body, 2));
            } else {
                groups.computeIfAbsent(keys[0], k -> new StringBuilder()).append("  ").append(keys[1]).append(":\n").append(indent(body, 4));
            }
        }
        groups.forEach((group, sections) -> out.append(group).append(":\n").append(sections));
        return out.toString();
    }

    private static String indent(String yaml, int spaces) {
        StringBuilder b = new StringBuilder();
        for (String line : yaml.split("\n")) b.append(" ".repeat(spaces)).append(line).append('\n');
        return b.toString();
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
