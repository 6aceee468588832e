package io.chatpass.server.demo;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.cli.KeysCommand;
import io.chatpass.server.web.AdminGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * The demo's data folder: secrets made on the first run (random, never shipped in the repository), kept with the
 * SQLite file so a second run can still read what the first one encrypted.
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
            String adminToken = KeysCommand.newSecret();
            if (writeOnce(secrets.resolve("admin-token"), adminToken)) {
                Files.writeString(secrets.resolve("admin-token.sha256"), HexFormat.of().formatHex(AdminGuard.sha256(adminToken)));
            }
            Path config = dir.resolve("chatpass.yml");
            Files.writeString(config, """
                    # Written by `chatpass demo` on every start; the secrets beside it are made once and kept.
                    server:
                      host: 127.0.0.1
                      port: %d
                    admin:
                      tokenSha256: ${file:secrets/admin-token.sha256}
                    store:
                      sqlitePath: %s
                      encryptionKeyset: ${file:secrets/keyset.json}
                    sandbox:
                      enabled: true
                    """.formatted(port, dir.resolve("chatpass.db")));
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
