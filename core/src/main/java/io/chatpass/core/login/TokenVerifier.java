package io.chatpass.core.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Set;

/**
 * One verifier's pipeline, built on nimbus' processor: type check, key selection by the configured algorithms
 * only (a token naming another algorithm finds no key), signature, then claims (exp required, nbf, iss, aud,
 * exact-match claims, leeway), then an iat-not-in-the-future check nimbus does not make.
 */
final class TokenVerifier {
    final VerifierSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Clock clock;
    private final long leewaySeconds;

    TokenVerifier(VerifierSettings settings, JWKSource<SecurityContext> keys, Clock clock, Duration leeway) {
        this.settings = settings;
        this.clock = clock;
        this.leewaySeconds = leeway.toSeconds();
        if (settings.isHmac()) {
            // The secret has no key id: a token's kid only routes it here (keyIds), it never selects the key.
            SecretKey key = new SecretKeySpec(settings.secret().bytes(), "HMAC");
            List<SecretKey> only = List.of(key);
            processor.setJWSKeySelector((header, ctx) -> settings.algorithms().contains(header.getAlgorithm()) ? only : List.of());
        } else {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
        }

        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        Set<String> required = new HashSet<>(Set.of("exp"));
        if (settings.issuer() != null) {
            exact.issuer(settings.issuer());
            required.add("iss");
        }
        settings.exactClaims().forEach((k, v) -> {
            exact.claim(k, v);
            required.add(k);
        });
        if (!settings.audience().isEmpty()) required.add("aud");
        var claimsVerifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                settings.audience().isEmpty() ? null : settings.audience(), exact.build(), required, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claimsVerifier.setMaxClockSkew((int) leewaySeconds);
        processor.setJWTClaimsSetVerifier(claimsVerifier);
    }

    JWTClaimsSet verify(SignedJWT jwt) throws LoginFailure {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": " + e.getMessage());
        } catch (RateLimitReachedException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": unknown key id (refetch rate-limited)");
        } catch (KeySourceException e) {
            throw new LoginFailure(LoginFailure.Kind.KEYS_UNAVAILABLE, settings.name() + ": keys unavailable: " + e.getMessage());
        } catch (JOSEException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": cannot verify: " + e.getMessage());
        } catch (RuntimeException e) {
            // Hostile header or claims JSON that trips the library: a refusal, never a 500.
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": unreadable token (" + e.getClass().getSimpleName() + ")");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.toInstant().isAfter(clock.instant().plusSeconds(leewaySeconds))) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": iat is in the future beyond the leeway");
        }
        return claims;
    }
}
