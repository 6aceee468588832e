package io.chatpass.server.vendors.zendesk;

import io.chatpass.core.Secret;
import io.chatpass.core.signing.JwtSigner;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;

/**
 * Zendesk Chat tokens (classic widget, Web Widget Classic, Chat Web SDK): HS256 with the account's shared secret,
 * {@code name}, {@code email}, {@code external_id}, {@code iat}, {@code exp} from the verified site user only, and a
 * random {@code jti} so two calls in the same second still get two different tokens.
 */
public final class ZendeskChatMinter {
    /** Zendesk refuses Chat tokens whose exp is more than 7 minutes after iat. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(420);
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
    private final JwtSigner signer;

    public ZendeskChatMinter(Secret sharedSecret, Duration lifetime, Clock clock) {
        this.signer = JwtSigner.hmac("Zendesk Chat token", sharedSecret, null, lifetime, MAX_LIFETIME, clock);
    }

    public MintedToken mint(SiteUser user) throws LoginFailure {
        ZendeskIdentity id = ZendeskIdentity.of(user, true);
        JwtSigner.Signed t = signer.sign(c -> c.claim("name", id.name()).claim("email", id.email())
                .claim("external_id", id.externalId()).jwtID(Jti.next()));
        return new MintedToken(t.token(), t.expiresAt());
    }
}
