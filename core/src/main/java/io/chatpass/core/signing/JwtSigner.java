package io.chatpass.core.signing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
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
    private record Key(JWSHeader header, byte[] headerB64, Mac hmac, JWSSigner signer) {
    }

    private static final java.util.Base64.Encoder B64URL = java.util.Base64.getUrlEncoder().withoutPadding();
    private static final JsonFactory JSON = new JsonFactory();
    /** Base64URL characters of an HMAC-SHA256 signature (32 bytes, no padding). */
    private static final int SIGNATURE_CHARS = 43;

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
        Key k = new Key(header, header.toBase64URL().toString().getBytes(StandardCharsets.US_ASCII), prototype, mac);
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
     * The JWS compact form of an HS256 token: BASE64URL(header) '.' BASE64URL(claims JSON) '.' BASE64URL(HMAC-SHA256
     * over the first two), with the JDK's Base64 and Mac (nimbus's codec and per-call Mac showed at 2 to 3% of the
     * minting route's CPU), built in one byte array: the claims (nimbus's JSON object of them, its dates as seconds)
     * are written by Jackson's generator straight to bytes, where nimbus's Gson made a string, then bytes, then
     * strings again (19% of the token route's allocation with the rest of this path, async-profiler). Every vendor's
     * check of these tokens is in the interop tests (Node jose and jsonwebtoken); {@code JwtSignerTest} reads them
     * back with nimbus.
     */
    private static String hs256(Key k, JWTClaimsSet claims) {
        byte[] header = k.headerB64();
        byte[] payload = B64URL.encode(claimsJson(claims));
        int signed = header.length + 1 + payload.length;
        byte[] token = new byte[signed + 1 + SIGNATURE_CHARS];
        System.arraycopy(header, 0, token, 0, header.length);
        token[header.length] = '.';
        System.arraycopy(payload, 0, token, header.length + 1, payload.length);
        Mac mac;
        try {
            mac = (Mac) k.hmac().clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        mac.update(token, 0, signed);
        token[signed] = '.';
        System.arraycopy(B64URL.encode(mac.doFinal()), 0, token, signed + 1, SIGNATURE_CHARS);
        return new String(token, StandardCharsets.ISO_8859_1);
    }

    /** The claims as JSON bytes (UTF-8), in nimbus's order; a value of a type not written here falls back to nimbus. */
    private static byte[] claimsJson(JWTClaimsSet claims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            if (!write(g, claims.toJSONObject())) return claims.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("claims could not be written as JSON", e);
        }
        return out.toByteArray();
    }

    private static boolean write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Long n -> g.writeNumber(n);
            case Integer n -> g.writeNumber(n);
            case Double n -> {
                if (!Double.isFinite(n)) return false;
                g.writeNumber(n);
            }
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String name)) return false;
                    g.writeFieldName(name);
                    if (!write(g, e.getValue())) return false;
                }
                g.writeEndObject();
            }
            case Collection<?> c -> {
                g.writeStartArray();
                for (Object x : c) if (!write(g, x)) return false;
                g.writeEndArray();
            }
            case String[] a -> {
                g.writeStartArray();
                for (String x : a) g.writeString(x);
                g.writeEndArray();
            }
            default -> {
                return false;
            }
        }
        return true;
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
