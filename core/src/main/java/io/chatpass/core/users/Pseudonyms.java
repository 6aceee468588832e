package io.chatpass.core.users;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stand-in for an erased user's id: {@code erased:} and a keyed hash (HMAC-SHA256, 128 bits shown) of the id. The
 * audit log keeps it so one user's rows still group together, and a blocked user's erasure keeps it so the block
 * outlives them; without the key (derived from the store's keyset) it names nobody.
 */
public final class Pseudonyms {
    private static final String PURPOSE = "audit-pseudonym/v1";
    /** Keyed once; each use works on a clone (a Mac is not thread-safe, and a clone skips the provider look-up). */
    private final Mac prototype;

    /** @param key at least 32 bytes */
    public Pseudonyms(byte[] key) {
        if (key.length < 32) throw new IllegalArgumentException("the pseudonym key needs at least 256 bits");
        try {
            this.prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With the key derived from the store's keyset, as the server and the command line both use it. */
    public static Pseudonyms forKeyset(Secret keysetJson) {
        return new Pseudonyms(SecretBox.deriveKey(keysetJson, PURPOSE));
    }

    public String of(String id) {
        try {
            Mac mac = (Mac) prototype.clone();
            return "erased:" + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 cannot be cloned", e);
        }
    }
}
