package io.chatpass.core.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one JWT signer of every vendor that mints a token: HS256 with the vendor's shared secret (checked once: at least
 * 256 bits), or Chatpass's own key for an algorithm (RS256, RS512, ES256; whichever key signs at that moment, with its
 * kid). The lifetime is checked once against the vendor's ceiling, {@code iat} and {@code exp} are whole seconds from
 * the clock, and each header is serialised once and reused (re-serialising it per token showed in the minting
 * profile).
 */
public final class JwtSigner {
    /** A signed token and when it expires. */
    public record Signed(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Signed[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A key ready to sign: the header, its Base64URL text, and either a prototype of the HMAC (cloned per signature:
     * the JDK's Mac, where nimbus's MACSigner makes and keys a new one each time) or nimbus's signer for own keys.
     */
    private record Key(JWSHeader header, String headerB64, Mac hmac, JWSSigner signer) {
    }

    private static final java.util.Base64.Encoder B64URL = java.util.Base64.getUrlEncoder().withoutPadding();

    private final Supplier<Key> key;
    private final String fixedKeyId;
    private final Duration lifetime;
    private final Clock clock;

    private JwtSigner(String what, Supplier<Key> key, String fixedKeyId, Duration lifetime, Duration maxLifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException(what + " lifetime must be 1 second to " + maxLifetime.toSeconds() + " seconds");
        }
        this.key = key;
        this.fixedKeyId = fixedKeyId;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * HS256 with a shared secret.
     *
     * @param what       the token's name in messages ("Chat token")
     * @param keyId      the {@code kid} header, or null
     * @param maxLifetime the vendor's ceiling: a longer (or non-positive) lifetime is refused
     * @throws IllegalArgumentException a secret under 256 bits or a lifetime out of range, naming {@code what}
     */
    public static JwtSigner hmac(String what, Secret secret, String keyId, Duration lifetime, Duration maxLifetime, Clock clock) {
        MACSigner mac;
        try {
            mac = new MACSigner(secret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException(what + ": its secret must be at least 256 bits");
        }
        JWSHeader header = frozen(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(keyId).build());
        Mac prototype;
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        Key k = new Key(header, header.toBase64URL().toString(), prototype, mac);
        return new JwtSigner(what, () -> k, keyId, lifetime, maxLifetime, clock);
    }

    /**
     * Chatpass's own key for {@code alg}: at each signature, the key that signs at that moment (its kid in the header).
     * A signature with no key for the algorithm throws {@link SigningKeys.NoSigningKey}.
     */
    public static JwtSigner ownKey(String what, SigningKeys keys, SigningAlgorithm alg, Duration lifetime, Duration maxLifetime, Clock clock) {
        return new JwtSigner(what, () -> {
            SigningKeys.ActiveKey a = keys.signing(alg);
            return new Key(a.header(), null, null, a.signer());
        }, null, lifetime, maxLifetime, clock);
    }

    /** The fixed kid of a shared-secret signer (null for none, and for Chatpass's own keys, whose kid changes). */
    public String keyId() {
        return fixedKeyId;
    }

    /** Signs the claims the caller adds, with {@code iat} now and {@code exp} a lifetime later. */
    public Signed sign(Consumer<JWTClaimsSet.Builder> claims) {
        Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = iat.plus(lifetime);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.accept(b);
        b.issueTime(Date.from(iat)).expirationTime(Date.from(exp));
        Key k = key.get();
        JWTClaimsSet claimsSet = b.build();
        if (k.hmac() != null) return new Signed(hs256(k, claimsSet), exp);
        SignedJWT jwt = new SignedJWT(k.header(), claimsSet);
        try {
            jwt.sign(k.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException(k.header().getAlgorithm() + " signing failed", e);
        }
        return new Signed(jwt.serialize(), exp);
    }

    /**
     * The JWS compact form of an HS256 token: BASE64URL(header) '.' BASE64URL(claims JSON, as nimbus writes it) '.'
     * BASE64URL(HMAC-SHA256 over the first two), with the JDK's Base64 and Mac (nimbus's codec and per-call Mac
     * showed at 2 to 3% of the minting route's CPU). Every vendor's check of these tokens is in the interop tests
     * (Node jose and jsonwebtoken).
     */
    private static String hs256(Key k, JWTClaimsSet claims) {
        String input = k.headerB64() + '.' + B64URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        byte[] signature;
        try {
            signature = ((Mac) k.hmac().clone()).doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        return input + '.' + B64URL.encodeToString(signature);
    }

    /** A header as parsed from its own serialisation: nimbus then reuses the stored Base64URL form. */
    private static JWSHeader frozen(JWSHeader header) {
        try {
            return JWSHeader.parse(header.toBase64URL());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
