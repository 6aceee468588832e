package io.chatpass.server.vendors.salesforce;

import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.vendor.SecretRules;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Salesforce user verification: {@code {identityTokenType: "JWT", identityToken, expiresAt}}, a JWT signed with
 * Chatpass's own RS256 or RS512 key (header {@code kid}, the key published at /.well-known/jwks.json, which the
 * Salesforce keyset points at), claims {@code sub} (the site user's id), {@code iss} (the keyset's issuer),
 * {@code iat}, {@code exp}. Nothing else is vouched for: Salesforce keys its messaging user on {@code sub} only.
 */
final class SalesforceToken implements IdentityIssuer {
    private final JwtSigner signer;
    private final String issuer;

    SalesforceToken(SalesforceConfig settings, SigningKeys keys, Clock clock) {
        this.issuer = settings.issuer();
        this.signer = JwtSigner.ownKey("Salesforce identity token", keys, settings.alg(), Duration.ofSeconds(settings.lifetimeSeconds()),
                SecretRules.MAX_LIFETIME, clock);
    }

    @Override
    public String vendor() {
        return "salesforce";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) {
        JwtSigner.Signed jwt = signer.sign(c -> c.subject(user.id()).issuer(issuer));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identityTokenType", "JWT");
        out.put("identityToken", jwt.token());
        out.put("expiresAt", jwt.expiresAt().toString());
        return out;
    }
}
