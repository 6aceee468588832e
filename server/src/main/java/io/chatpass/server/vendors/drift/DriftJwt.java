package io.chatpass.server.vendors.drift;

import io.chatpass.core.Secret;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.server.vendor.SecretRules;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift signed identities: {@code {userId, email, name, userJwt}}, an HS256 JWT with claims sub = userId, email
 * (verified only), name, iat, exp. The secret must be at least 256 bits (RFC 7518 section 3.2).
 */
public final class DriftJwt implements IdentityIssuer {
    private final JwtSigner signer;

    public DriftJwt(Secret signingKey, Duration lifetime, Clock clock) {
        this.signer = JwtSigner.hmac("Drift token", signingKey, null, lifetime, SecretRules.MAX_LIFETIME, clock);
    }

    @Override
    public String vendor() {
        return "drift";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor(), false);
        String name = Fields.name(user);
        JwtSigner.Signed jwt = signer.sign(claims -> {
            claims.subject(user.id());
            if (email != null) claims.claim("email", email);
            if (name != null) claims.claim("name", name);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", user.id());
        if (email != null) out.put("email", email);
        if (name != null) out.put("name", name);
        out.put("userJwt", jwt.token());
        return out;
    }
}
