package io.chatpass.server.cli;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.server.web.AdminGuard;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import picocli.CommandLine.Command;

@Command(name = "keys", description = "Key material.", subcommands = KeysCommand.Generate.class)
public final class KeysCommand implements Runnable {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void run() {
        System.out.println("usage: chatpass keys generate");
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
}
