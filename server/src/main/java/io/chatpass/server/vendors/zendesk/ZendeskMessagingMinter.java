package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.Secret;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;

/**
 * Zendesk Messaging tokens: HS256 with the active key's secret and its id in {@code kid}; {@code scope: "user"},
 * {@code external_id}, {@code name}, {@code email}, {@code email_verified}, {@code iat}, {@code exp}, {@code jti}.
 * Only the active key signs; the other configured keys exist so Zendesk-side rotation needs no downtime.
 */
public final class ZendeskMessagingMinter {
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /**
     * Whether Zendesk may treat the email as verified (and so use it to identify the user). There is no "always": a
     * login that only issues verified addresses says so once, on its verifier ({@code emailsVerified}), for every vendor.
     */
    public enum EmailVerifiedPolicy {
        /** As the login verified it ({@link SiteUser#verifiedEmail()}). */
        FROM_LOGIN,
        /** Never: Zendesk identifies by external_id only. */
        NEVER
    }

    private final JwtSigner signer;
    private final EmailVerifiedPolicy policy;

    public ZendeskMessagingMinter(String activeKeyId, Secret activeSecret, Duration lifetime, EmailVerifiedPolicy policy, Clock clock) {
        this.signer = JwtSigner.hmac("Zendesk Messaging token", activeSecret, activeKeyId, lifetime, MAX_LIFETIME, clock);
        this.policy = policy;
    }

    public String keyId() {
        return signer.keyId();
    }

    public MintedToken mint(SiteUser user) throws LoginFailure {
        ZendeskIdentity id = ZendeskIdentity.of(user, false);
        boolean verified = switch (policy) {
            case FROM_LOGIN -> user.verifiedEmail() != null;
            case NEVER -> false;
        };
        JwtSigner.Signed t = signer.sign(b -> {
            b.claim("scope", "user").claim("external_id", id.externalId()).jwtID(Jti.next());
            if (id.name() != null) b.claim("name", id.name());
            if (id.email() != null) b.claim("email", id.email()).claim("email_verified", verified);
        });
        return new MintedToken(t.token(), t.expiresAt());
    }
}
