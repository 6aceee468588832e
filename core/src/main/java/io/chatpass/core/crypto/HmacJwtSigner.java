package io.chatpass.core.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;

/**
 * HS256 tokens for every vendor that takes one (the vendors that take an HS256 JWT): the secret checked once
 * (at least 256 bits), the lifetime checked once against the vendor's ceiling, {@code iat} and {@code exp} in whole
 * seconds from the clock, and the header serialised once and reused (re-serialising it per token showed in the
 * minting profile).
 */
public final class HmacJwtSigner {
    /** A signed token and when it expires. */
    public record Signed(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Signed[expiresAt=" + expiresAt + "]";
        }
    }

    private final JWSHeader header;
    private final MACSigner signer;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param what       the token's name in messages ("Chat token")
     * @param keyId      the {@code kid} header, or null
     * @param maxLifetime the vendor's ceiling: a longer (or non-positive) lifetime is refused
     * @throws IllegalArgumentException a secret under 256 bits or a lifetime out of range, naming {@code what}
     */
    public HmacJwtSigner(String what, Secret secret, String keyId, Duration lifetime, Duration maxLifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException(what + " lifetime must be 1 second to " + maxLifetime.toSeconds() + " seconds");
        }
        try {
            this.signer = new MACSigner(secret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException(what + ": its secret must be at least 256 bits");
        }
        this.header = frozen(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(keyId).build());
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String keyId() {
        return header.getKeyID();
    }

    /** Signs the claims the caller adds, with {@code iat} now and {@code exp} a lifetime later. */
    public Signed sign(Consumer<JWTClaimsSet.Builder> claims) {
        Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = iat.plus(lifetime);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        claims.accept(b);
        b.issueTime(Date.from(iat)).expirationTime(Date.from(exp));
        SignedJWT jwt = new SignedJWT(header, b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HMAC signing failed", e);
        }
        return new Signed(jwt.serialize(), exp);
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
