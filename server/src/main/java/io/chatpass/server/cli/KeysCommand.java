package io.chatpass.server.cli;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.web.AdminGuard;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import picocli.CommandLine.Command;

@Command(name = "keys", description = "Key material: generate, rotate, status, reseal, retire.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class, KeysCommand.Status.class, KeysCommand.Reseal.class,
                KeysCommand.Retire.class})
public final class KeysCommand implements Runnable {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void run() {
        System.out.println("usage: chatpass keys generate|rotate|status|reseal|retire");
    }

    /** 256-bit random secret, base64url without padding (43 characters). */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Command(name = "generate", description = "Print a new encryption keyset, an HMAC secret and a named operator token.")
    static final class Generate implements Runnable {
        @picocli.CommandLine.Option(names = "--name", defaultValue = "admin",
                description = "The operator the token is for (the audit log records this name).")
        String name;

        @Override
        public void run() {
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                System.err.println("--name must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
                return;
            }
            String adminToken = newSecret();
            System.out.println("# Keep these out of version control; reference them from chatpass.yml with ${ENV} or ${file:PATH}.");
            System.out.println("# store.encryptionKeyset (Tink AEAD keyset, AES-256-GCM):");
            System.out.println(SecretBox.generateKeyset());
            System.out.println("# a 256-bit HMAC secret (for a login secret or a vendor shared secret you create):");
            System.out.println(newSecret());
            System.out.println("# operator token for " + name + " (give it to them), then its entry for admin.tokens in chatpass.yml:");
            System.out.println(adminToken);
            System.out.println("- {name: " + name + ", sha256: " + HexFormat.of().formatHex(AdminGuard.sha256(adminToken)) + "}");
        }
    }

    /** Writes a keyset file in place: a temporary file beside it, owner-only, then an atomic rename. */
    static void writeKeyset(java.nio.file.Path file, String keyset) throws java.io.IOException {
        java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        java.nio.file.Files.writeString(tmp, keyset);
        try {
            java.nio.file.Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Command(name = "rotate", description = "Add a new primary key to the keyset file; servers re-seal old values in the background after a restart.")
    static final class Rotate implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--keyset", required = true, description = "The keyset file (the one store.encryptionKeyset reads).")
        java.nio.file.Path keyset;

        @Override
        public Integer call() throws Exception {
            String rotated;
            try {
                rotated = SecretBox.rotateKeyset(io.chatpass.core.Secret.ofUtf8(java.nio.file.Files.readString(keyset)));
            } catch (IllegalArgumentException | java.io.IOException e) {
                System.err.println("keyset " + keyset + ": " + (e instanceof IllegalArgumentException ? e.getMessage() : "cannot be read"));
                return 2;
            }
            writeKeyset(keyset, rotated);
            SecretBox box = SecretBox.fromKeyset(io.chatpass.core.Secret.ofUtf8(rotated));
            System.out.println("new primary key " + Integer.toUnsignedString(box.primaryKeyId()) + "; keys now " + ids(box));
            System.out.println("Restart (or roll) the servers: new values are sealed with the new key and old ones are re-sealed in the");
            System.out.println("background. `chatpass keys status` shows how many values each key still seals; retire a key at 0.");
            return 0;
        }
    }

    static String ids(SecretBox box) {
        return box.keyIds().stream().map(Integer::toUnsignedString).collect(java.util.stream.Collectors.joining(", "));
    }

    abstract static class WithStore implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--config", required = true, description = "Path to chatpass.yml.")
        java.nio.file.Path config;

        abstract int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) throws Exception;

        @Override
        public Integer call() throws Exception {
            return CliStore.run(config, (cfg, db) -> run(cfg, db, SecretBox.fromKeyset(cfg.store().encryptionKeyset())));
        }
    }

    @Command(name = "status", description = "Show each key of the keyset and how many stored values it seals.")
    static final class Status extends WithStore {
        @Override
        int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) {
            java.util.Map<Integer, Long> counts = new io.chatpass.core.store.SealedColumns(db.dataSource(), box).countByKey();
            for (int id : box.keyIds()) {
                System.out.println("key " + Integer.toUnsignedString(id) + (id == box.primaryKeyId() ? " (primary)" : "") + ": "
                        + counts.getOrDefault(id, 0L) + " values");
            }
            counts.keySet().stream().filter(id -> !box.keyIds().contains(id)).forEach(id ->
                    System.out.println("key " + Integer.toUnsignedString(id) + " (NOT IN THE KEYSET): " + counts.get(id) + " values"));
            return 0;
        }
    }

    @Command(name = "reseal", description = "Re-seal now every value not sealed with the primary key (servers also do it in the background).")
    static final class Reseal extends WithStore {
        @Override
        int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) {
            long n = new io.chatpass.core.store.SealedColumns(db.dataSource(), box).resealAll(500, 0);
            System.out.println("re-sealed " + n + " values under key " + Integer.toUnsignedString(box.primaryKeyId()));
            return 0;
        }
    }

    @Command(name = "retire", description = "Remove a key from the keyset file; refused while any stored value uses it.")
    static final class Retire extends WithStore {
        @picocli.CommandLine.Option(names = "--keyset", required = true, description = "The keyset file to rewrite.")
        java.nio.file.Path keyset;
        @picocli.CommandLine.Parameters(index = "0", description = "The key id (as `keys status` prints it).")
        String keyId;

        @Override
        int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) throws Exception {
            int id;
            try {
                id = Integer.parseUnsignedInt(keyId);
            } catch (NumberFormatException e) {
                System.err.println("not a key id: " + keyId);
                return 2;
            }
            long using = new io.chatpass.core.store.SealedColumns(db.dataSource(), box).countByKey().getOrDefault(id, 0L);
            if (using > 0) {
                System.err.println("refused: " + using + " stored values are still sealed with key " + keyId
                        + "; run `chatpass keys reseal` (or let the servers finish) and check `keys status`");
                return 2;
            }
            String retired;
            try {
                retired = SecretBox.retireKey(io.chatpass.core.Secret.ofUtf8(java.nio.file.Files.readString(keyset)), id);
            } catch (IllegalArgumentException e) {
                System.err.println("refused: " + e.getMessage());
                return 2;
            }
            writeKeyset(keyset, retired);
            System.out.println("retired key " + keyId + "; keys now " + ids(SecretBox.fromKeyset(io.chatpass.core.Secret.ofUtf8(retired))));
            return 0;
        }
    }
}
