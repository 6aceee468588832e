package io.chatpass.core.identity;

import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one HMAC every widget vendor checks: HMAC-SHA256 keyed with the secret's UTF-8 bytes as given (never hex- or
 * base64-decoded), over the UTF-8 bytes of the exact string sent to the widget, as lowercase hex.
 */
public final class Hmacs {
    private static final HexFormat HEX = HexFormat.of();

    private Hmacs() {
    }

    /** A key made once per configuration: {@link Mac#init} is the part worth not repeating. */
    public static SecretKeySpec key(Secret secret) {
        return new SecretKeySpec(secret.bytes(), "HmacSHA256");
    }

    public static String hex(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
