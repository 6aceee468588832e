package io.chatpass.server.vendors.featurebase;

import io.chatpass.core.Secret;
import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.server.vendor.SecretRules;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Featurebase Messenger ("secure installation"): {@code {featurebaseJwt, expiresAt}}, an HS256 JWT with the JWT
 * secret, claims {@code userId} (the site user id), {@code email} only when the login verified it, {@code name},
 * {@code iat}, {@code exp}; the page passes it to {@code Featurebase("boot", {appId, featurebaseJwt})}.
 */
final class FeaturebaseJwt implements IdentityIssuer {
    private final JwtSigner signer;

    FeaturebaseJwt(Secret secret, Duration lifetime, Clock clock) {
        this.signer = JwtSigner.hmac("Featurebase token", secret, null, lifetime, SecretRules.MAX_LIFETIME, clock);
    }

    @Override
    public String vendor() {
        return "featurebase";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        String email = Fields.email(user, vendor(), false);
        String name = Fields.name(user);
        JwtSigner.Signed jwt = signer.sign(c -> {
            c.claim("userId", user.id());
            if (email != null) c.claim("email", email);
            if (name != null) c.claim("name", name);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("featurebaseJwt", jwt.token());
        out.put("expiresAt", jwt.expiresAt().toString());
        return out;
    }
}
