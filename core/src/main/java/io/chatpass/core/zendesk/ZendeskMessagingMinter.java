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

    private final JWSHeader header;
    private final MACSigner signer;
    private final Duration lifetime;
    private final EmailVerifiedPolicy policy;
    private final Clock clock;

    public ZendeskMessagingMinter(String activeKeyId, Secret activeSecret, Duration lifetime, EmailVerifiedPolicy policy, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("Zendesk Messaging token lifetime must be 1 second to 24 hours");
        }
        try {
            this.signer = new MACSigner(activeSecret.bytes());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("a Zendesk Messaging key secret must be at least 256 bits");
        }
        this.header = Signing.frozen(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(activeKeyId).build());
        this.lifetime = lifetime;
        this.policy = policy;
        this.clock = clock;
    }

    public String keyId() {
        return header.getKeyID();
    }

    public MintedToken mint(SiteUser user) throws LoginFailure {
        ZendeskIdentity id = ZendeskIdentity.of(user, false);
        Instant iat = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = iat.plus(lifetime);
        boolean verified = switch (policy) {
            case FROM_LOGIN -> user.verifiedEmail() != null;
            case NEVER -> false;
        };
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().claim("scope", "user").claim("external_id", id.externalId())
                .issueTime(Date.from(iat)).expirationTime(Date.from(exp)).jwtID(Jti.next());
        if (id.name() != null) b.claim("name", id.name());
        if (id.email() != null) b.claim("email", id.email()).claim("email_verified", verified);
        return new MintedToken(Signing.sign(header, b.build(), signer), exp);
    }
}
