package io.chatpass.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encryption at rest for secret columns: AEAD (AES-256-GCM) from a Tink keyset, so keys rotate by adding a new
 * primary key while old ones still decrypt. The associated data binds a ciphertext to its row and column, so a
 * ciphertext copied into another row does not decrypt.
 */
public final class SecretBox {
    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;

    private SecretBox(Aead aead) {
        this.aead = aead;
    }

    /** Reads a Tink JSON keyset; the message never echoes the keyset. */
    public static SecretBox fromKeyset(Secret keysetJson) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
            return new SecretBox(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a valid Tink AEAD keyset (generate one with `chatpass keys generate`)");
        }
    }

    /** A new keyset with one AES-256-GCM key, as Tink JSON. */
    public static String generateKeyset() {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not generate a keyset", e);
        }
    }

    /** Adds a new primary AES-256-GCM key to an existing keyset; old keys keep decrypting. */
    public static String rotateKeyset(Secret keysetJson) {
        try {
            KeysetHandle old = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(old);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId().makePrimary());
            return TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Tink AEAD keyset");
        }
    }

    /**
     * A key for another purpose (the audit log's pseudonyms), derived from the keyset: HMAC-SHA256 keyed with the
     * keyset's bytes over the purpose. It changes when the keyset does (a rotation adds a key).
     */
    public static byte[] deriveKey(Secret keysetJson, String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(keysetJson.bytes(), "HmacSHA256"));
            return mac.doFinal(("chatpass/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] seal(String plaintext, String context) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), context.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(byte[] ciphertext, String context) {
        try {
            return new String(aead.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed for " + context + " (wrong keyset, or the value was moved)");
        }
    }
}
