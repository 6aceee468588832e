package io.chatpass.core.widgets;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendors that take an HS256 JWT signed with a secret from their settings: Intercom Messenger Security and Drift
 * signed identities. The secret must be at least 256 bits (RFC 7518 section 3.2; the JWT library refuses less).
 */
public final class JwtIdentity implements IdentityIssuer {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build();

    private enum Kind { INTERCOM, DRIFT }

    private final Kind kind;
    private final MACSigner signer;
    private final Duration lifetime;
    private final Clock clock;

    private JwtIdentity(Kind kind, Secret secret, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("token lifetime must be 1 second to 24 hours");
        }
        try {
            this.signer = new MACSigner(secret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("an HS256 secret needs at least 256 bits");
        }
        this.kind = kind;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Intercom Messenger Security: {@code {intercom_user_jwt, expires_at}}, claims user_id (required), email, name, iat, exp. */
    public static JwtIdentity intercom(Secret messengerApiSecret, Duration lifetime, Clock clock) {
        return new JwtIdentity(Kind.INTERCOM, messengerApiSecret, lifetime, clock);
    }

    /** Drift signed identities: {@code {userId, email, name, userJwt}}, claims sub = userId, iat, exp. */
    public static JwtIdentity drift(Secret signingKey, Duration lifetime, Clock clock) {
        return new JwtIdentity(Kind.DRIFT, signingKey, lifetime, clock);
    }

    @Override
    public String vendor() {
        return kind == Kind.INTERCOM ? "intercom" : "drift";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor(), false);
        String name = Fields.name(user);
        Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = iat.plus(lifetime);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        if (kind == Kind.INTERCOM) claims.claim("user_id", user.id());
        else claims.subject(user.id());
        if (email != null) claims.claim("email", email);
        if (name != null) claims.claim("name", name);
        claims.issueTime(Date.from(iat)).expirationTime(Date.from(exp));
        SignedJWT jwt = new SignedJWT(HEADER, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HMAC signing failed", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (kind == Kind.INTERCOM) {
            out.put("intercom_user_jwt", jwt.serialize());
            out.put("expires_at", exp.toString());
        } else {
            out.put("userId", user.id());
            if (email != null) out.put("email", email);
            if (name != null) out.put("name", name);
            out.put("userJwt", jwt.serialize());
        }
        return out;
    }
}
