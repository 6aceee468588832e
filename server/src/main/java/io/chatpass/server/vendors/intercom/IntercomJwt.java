package io.chatpass.server.vendors.intercom;

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
 * Intercom Messenger Security: {@code {intercom_user_jwt, expires_at}}, an HS256 JWT with claims user_id (required),
 * email (verified only), name, iat, exp. The secret must be at least 256 bits (RFC 7518 section 3.2).
 */
public final class IntercomJwt implements IdentityIssuer {
    private final JwtSigner signer;

    public IntercomJwt(Secret messengerApiSecret, Duration lifetime, Clock clock) {
        this.signer = JwtSigner.hmac("Intercom token", messengerApiSecret, null, lifetime, SecretRules.MAX_LIFETIME, clock);
    }

    @Override
    public String vendor() {
        return "intercom";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor(), false);
        String name = Fields.name(user);
        JwtSigner.Signed jwt = signer.sign(claims -> {
            claims.claim("user_id", user.id());
            if (email != null) claims.claim("email", email);
            if (name != null) claims.claim("name", name);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intercom_user_jwt", jwt.token());
        out.put("expires_at", jwt.expiresAt().toString());
        return out;
    }
}
