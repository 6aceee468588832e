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
    private final KeysetHandle handle;

    private SecretBox(Aead aead, KeysetHandle handle) {
        this.aead = aead;
        this.handle = handle;
    }

    /** Reads a Tink JSON keyset; the message never echoes the keyset. */
    public static SecretBox fromKeyset(Secret keysetJson) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
            return new SecretBox(handle.getPrimitive(RegistryConfiguration.get(), Aead.class), handle);
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

    /** The id of the key new values are sealed with. */
    public int primaryKeyId() {
        return handle.getPrimary().getId();
    }

    /** Every key id of the keyset, in keyset order. */
    public java.util.List<Integer> keyIds() {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < handle.size(); i++) out.add(handle.getAt(i).getId());
        return out;
    }

    /**
     * The key a value was sealed with: Tink's output prefix is a version byte (1) and the key id, big-endian; -1 for
     * a value without that prefix.
     */
    public static int keyIdOf(byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < 5 || ciphertext[0] != 1) return -1;
        return java.nio.ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    /** The keyset without the given key; refused for the primary key or an id the keyset does not have. */
    public static String retireKey(Secret keysetJson, int keyId) {
        KeysetHandle old;
        try {
            old = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Tink AEAD keyset");
        }
        if (old.getPrimary().getId() == keyId) throw new IllegalArgumentException("key " + keyId + " is the primary key; rotate first");
        KeysetHandle.Builder b = KeysetHandle.newBuilder(old);
        for (int i = 0; i < b.size(); i++) {
            if (old.getAt(i).getId() == keyId) {
                b.deleteAt(i);
                try {
                    return TinkJsonProtoKeysetFormat.serializeKeyset(b.build(), InsecureSecretKeyAccess.get());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("the keyset has no key " + keyId);
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
