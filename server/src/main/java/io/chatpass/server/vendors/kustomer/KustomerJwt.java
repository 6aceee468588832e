package io.chatpass.server.vendors.kustomer;

import io.chatpass.core.Secret;
import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.signing.JwtSigner;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kustomer Chat login: {@code {jwtToken, externalId, email (when verified), expiresAt}}, an HS256 JWT with the chat secret, claims
 * {@code externalId} (the site user id), {@code email} only when the login verified it (Kustomer then keys the
 * customer on the email, which takes precedence over externalId), {@code iat} and {@code exp}. Kustomer refuses a
 * token whose {@code iat} is more than 15 minutes old, so one is minted per call and lives 15 minutes.
 */
final class KustomerJwt implements IdentityIssuer {
    /** Kustomer refuses tokens issued longer ago than this. */
    static final Duration IAT_WINDOW = Duration.ofMinutes(15);

    private final JwtSigner signer;

    KustomerJwt(Secret secret, Clock clock) {
        this.signer = JwtSigner.hmac("Kustomer token", secret, null, IAT_WINDOW, IAT_WINDOW, clock);
    }

    @Override
    public String vendor() {
        return "kustomer";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor(), false);
        JwtSigner.Signed jwt = signer.sign(c -> {
            c.claim("externalId", user.id());
            if (email != null) c.claim("email", email);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jwtToken", jwt.token());
        out.put("externalId", user.id());
        if (email != null) out.put("email", email);
        out.put("expiresAt", jwt.expiresAt().toString());
        return out;
    }
}
