package io.chatpass.core.widgets;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.HmacJwtSigner;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendors that take an HS256 JWT signed with a secret from their settings: Intercom Messenger Security and Drift
 * signed identities. The secret must be at least 256 bits (RFC 7518 section 3.2; the JWT library refuses less).
 */
public final class JwtIdentity implements IdentityIssuer {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);

    private enum Kind { INTERCOM, DRIFT }

    private final Kind kind;
    private final HmacJwtSigner signer;

    private JwtIdentity(Kind kind, Secret secret, Duration lifetime, Clock clock) {
        this.kind = kind;
        this.signer = new HmacJwtSigner(kind == Kind.INTERCOM ? "Intercom token" : "Drift token", secret, null, lifetime, MAX_LIFETIME, clock);
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
        HmacJwtSigner.Signed jwt = signer.sign(claims -> {
            if (kind == Kind.INTERCOM) claims.claim("user_id", user.id());
            else claims.subject(user.id());
            if (email != null) claims.claim("email", email);
            if (name != null) claims.claim("name", name);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        if (kind == Kind.INTERCOM) {
            out.put("intercom_user_jwt", jwt.token());
            out.put("expires_at", jwt.expiresAt().toString());
        } else {
            out.put("userId", user.id());
            if (email != null) out.put("email", email);
            if (name != null) out.put("name", name);
            out.put("userJwt", jwt.token());
        }
        return out;
    }
}
