package io.chatpass.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret value (HMAC key, shared secret, password). It never prints itself: {@link #toString()} is masked so a
 * secret that slips into a log line or an exception message shows as {@code ***}. Equality is constant-time.
 */
public final class Secret {
    /** The minimum strength for an HMAC key: RFC 7518 section 3.2 asks for a key at least as long as the hash. */
    public static final int MIN_HMAC_BYTES = 32;

    private final byte[] value;

    private Secret(byte[] value) {
        this.value = value.clone();
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** A new random 256-bit secret as text (base64url without padding, 43 characters): keys, tokens, vendor secrets. */
    public static String newRandomText() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static Secret ofUtf8(String value) {
        if (value == null) throw new IllegalArgumentException("secret is null");
        return new Secret(value.getBytes(StandardCharsets.UTF_8));
    }

    public static Secret ofBytes(byte[] value) {
        return new Secret(value);
    }

    /** A copy of the secret bytes; callers should not keep it longer than needed. */
    public byte[] bytes() {
        return value.clone();
    }

    /** The secret as UTF-8 text (for drivers that take a password string). */
    public String reveal() {
        return new String(value, StandardCharsets.UTF_8);
    }

    public int length() {
        return value.length;
    }

    public boolean isStrongHmacKey() {
        return value.length >= MIN_HMAC_BYTES;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public int hashCode() {
        return value.length; // deliberately weak: a hash of the secret would leak bits of it
    }

    @Override
    public String toString() {
        return "***";
    }
}
