package io.chatpass.server.cli;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.admin.AdminGuard;
import java.util.HexFormat;
import picocli.CommandLine.Command;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Key material: generate, rotate, status, reseal, retire; signing keys under `keys signing`.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Rotate.class, KeysCommand.Status.class, KeysCommand.Reseal.class,
                KeysCommand.Retire.class, SigningKeysCommand.class})
public final class KeysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** 256-bit random secret, base64url without padding (43 characters). */
    static String newSecret() {
        return io.chatpass.core.Secret.newRandomText();
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "A new encryption keyset, a 256-bit HMAC secret and a named operator token: printed, or with --out written "
                    + "to owner-only files, with the chatpass.yml lines that reference them.")
    static final class Generate implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--name", defaultValue = "admin",
                description = "The operator the token is for (the audit log records this name).")
        String name;
        @picocli.CommandLine.Option(names = "--out",
                description = "A folder to write keyset.json, hmac-secret and <name>.token into (mode 0600; existing files are left alone).")
        java.nio.file.Path out;

        @Override
        public Integer call() throws java.io.IOException {
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                System.err.println("--name must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
                return 2;
            }
            String keyset = SecretBox.generateKeyset();
            String hmac = newSecret();
            String adminToken = newSecret();
            String tokenEntry = "- {name: " + name + ", sha256: " + HexFormat.of().formatHex(AdminGuard.sha256(adminToken)) + "}";
            if (out == null) {
                System.out.println("# Keep these out of version control; reference them from chatpass.yml with ${ENV} or ${file:PATH}.");
                System.out.println("# store.encryptionKeyset (Tink AEAD keyset, AES-256-GCM):");
                System.out.println(keyset);
                System.out.println("# a 256-bit HMAC secret (for a login secret or a vendor shared secret you create):");
                System.out.println(hmac);
                System.out.println("# operator token for " + name + " (give it to them), then its entry for admin.tokens in chatpass.yml:");
                System.out.println(adminToken);
                System.out.println(tokenEntry);
                return 0;
            }
            java.nio.file.Path dir = out.toAbsolutePath();
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Path keysetFile = dir.resolve("keyset.json");
            java.nio.file.Path hmacFile = dir.resolve("hmac-secret");
            java.nio.file.Path tokenFile = dir.resolve(name + ".token");
            for (java.nio.file.Path f : new java.nio.file.Path[] {keysetFile, hmacFile, tokenFile}) {
                if (java.nio.file.Files.exists(f)) {
                    System.err.println(f + " exists; nothing was written (move it away, or choose another --out)");
                    return 2;
                }
            }
            writeOwnerOnly(keysetFile, keyset);
            writeOwnerOnly(hmacFile, hmac);
            writeOwnerOnly(tokenFile, adminToken);
            System.out.println("# wrote " + keysetFile + ", " + hmacFile + " and " + tokenFile + " (owner-only); in chatpass.yml:");
            System.out.println("store:");
            System.out.println("  encryptionKeyset: ${file:" + keysetFile + "}");
            System.out.println("admin:");
            System.out.println("  tokens:");
            System.out.println("    " + tokenEntry);
            System.out.println("# " + hmacFile.getFileName() + ": a secret for a login or vendor that needs one you create, e.g. "
                    + "secret: ${file:" + hmacFile + "}; give " + tokenFile.getFileName() + " to " + name + ", then delete it here");
            return 0;
        }
    }

    /** Creates a new file readable by its owner only (the mode is set before anything is written into it). */
    static void writeOwnerOnly(java.nio.file.Path file, String text) throws java.io.IOException {
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            java.nio.file.Files.createFile(file); // not a POSIX file system
        }
        java.nio.file.Files.writeString(file, text + "\n");
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

    @Command(name = "rotate", mixinStandardHelpOptions = true, description = "Add a new primary key to the keyset file; servers re-seal old values in the background after a restart.")
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

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each key of the keyset and how many stored values it seals.")
    static final class Status extends WithStore {
        @Override
        int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) {
            java.util.Map<Integer, Long> counts = new io.chatpass.core.store.SealedColumns(db.dataSource(), box, io.chatpass.server.App.sealedColumns()).countByKey();
            for (int id : box.keyIds()) {
                System.out.println("key " + Integer.toUnsignedString(id) + (id == box.primaryKeyId() ? " (primary)" : "") + ": "
                        + counts.getOrDefault(id, 0L) + " values");
            }
            counts.keySet().stream().filter(id -> !box.keyIds().contains(id)).forEach(id ->
                    System.out.println("key " + Integer.toUnsignedString(id) + " (NOT IN THE KEYSET): " + counts.get(id) + " values"));
            return 0;
        }
    }

    @Command(name = "reseal", mixinStandardHelpOptions = true, description = "Re-seal now every value not sealed with the primary key (servers also do it in the background).")
    static final class Reseal extends WithStore {
        @Override
        int run(io.chatpass.server.config.ChatpassConfig cfg, io.chatpass.core.store.Database db, SecretBox box) {
            long n = new io.chatpass.core.store.SealedColumns(db.dataSource(), box, io.chatpass.server.App.sealedColumns()).resealAll(500, 0);
            System.out.println("re-sealed " + n + " values under key " + Integer.toUnsignedString(box.primaryKeyId()));
            return 0;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Remove a key from the keyset file; refused while any stored value uses it.")
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
            long using = new io.chatpass.core.store.SealedColumns(db.dataSource(), box, io.chatpass.server.App.sealedColumns()).countByKey().getOrDefault(id, 0L);
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
