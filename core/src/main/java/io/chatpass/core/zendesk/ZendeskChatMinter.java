package io.chatpass.core.zendesk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import io.chatpass.core.Secret;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Zendesk Chat tokens (classic widget, Web Widget Classic, Chat Web SDK): HS256 with the account's shared secret,
 * {@code name}, {@code email}, {@code external_id}, {@code iat}, {@code exp} from the verified site user only, and a
 * random {@code jti} so two calls in the same second still get two different tokens.
 */
public final class ZendeskChatMinter {
    /** Zendesk refuses tokens whose exp is more than 7 minutes after iat. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(420);
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
    private static final JWSHeader HEADER = Signing.frozen(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build());

    private final MACSigner signer;
    private final Duration lifetime;
    private final Clock clock;

    public ZendeskChatMinter(Secret sharedSecret, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("Zendesk Chat token lifetime must be 1 to 420 seconds");
        }
        try {
            this.signer = new MACSigner(sharedSecret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the Zendesk Chat shared secret must be at least 256 bits");
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public MintedToken mint(SiteUser user) throws LoginFailure {
        ZendeskIdentity id = ZendeskIdentity.of(user, true);
        Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = iat.plus(lifetime);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .claim("name", id.name()).claim("email", id.email()).claim("external_id", id.externalId())
                .issueTime(Date.from(iat)).expirationTime(Date.from(exp)).jwtID(Jti.next())
                .build();
        return new MintedToken(Signing.sign(HEADER, claims, signer), exp);
    }
}
