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

    @Command(name = "generate", description = "Print a new encryption keyset, HMAC secrets and an admin token.")
    static final class Generate implements Runnable {
        @Override
        public void run() {
            String adminToken = newSecret();
            System.out.println("# Keep these out of version control; reference them from chatpass.yml with ${ENV} or ${file:PATH}.");
            System.out.println("# store.encryptionKeyset (Tink AEAD keyset, AES-256-GCM):");
            System.out.println(SecretBox.generateKeyset());
            System.out.println("# a 256-bit HMAC secret (for a login secret or a vendor shared secret you create):");
            System.out.println(newSecret());
            System.out.println("# admin token (give to operators) and admin.tokenSha256 (put in chatpass.yml):");
            System.out.println(adminToken);
            System.out.println(HexFormat.of().formatHex(AdminGuard.sha256(adminToken)));
        }
    }
}
