package io.chatpass.server.vendors.dynamics365;

import io.chatpass.core.identity.Fields;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeys;
import io.chatpass.server.vendor.SecretRules;
import io.chatpass.server.web.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamics 365 authenticated chat: {@code {token, expiresAt}}, an RS256 JWT signed with Chatpass's own key (its
 * {@code kid} in the header, the key served at /v1/dynamics365/public-key), claims {@code sub} (the site user's id),
 * {@code iss}, {@code iat}, {@code exp} and, when context variables are configured, {@code lwicontexts}: those
 * variables as one serialised JSON object of strings. An email goes in only when the login verified it.
 */
final class Dynamics365Token implements IdentityIssuer {
    private final JwtSigner signer;
    private final String issuer;
    private final Map<String, String> context;

    Dynamics365Token(Dynamics365Config settings, SigningKeys keys, Clock clock) {
        this.issuer = settings.issuer();
        this.context = settings.context();
        this.signer = JwtSigner.ownKey("Dynamics 365 token", keys, SigningAlgorithm.RS256, Duration.ofSeconds(settings.lifetimeSeconds()),
                SecretRules.MAX_LIFETIME, clock);
    }

    @Override
    public String vendor() {
        return "dynamics365";
    }

    @Override
    public Map<String, Object> identify(SiteUser user) throws LoginFailure {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : context.entrySet()) {
            String value = switch (e.getValue()) {
                case "id" -> user.id();
                case "email" -> Fields.email(user, vendor(), false);
                default -> Fields.name(user);
            };
            if (value != null) variables.put(e.getKey(), value);
        }
        String lwicontexts = variables.isEmpty() ? null : Json.write(variables);
        JwtSigner.Signed jwt = signer.sign(c -> {
            c.subject(user.id()).issuer(issuer);
            if (lwicontexts != null) c.claim("lwicontexts", lwicontexts);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", jwt.token());
        out.put("expiresAt", jwt.expiresAt().toString());
        return out;
    }
}
