package io.chatpass.core.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
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
 * One verifier's pipeline, on nimbus: type check, key selection by the configured algorithms only (a token naming
 * another algorithm finds no key), signature, then claims (exp required, nbf, iss, aud, exact-match claims,
 * leeway), then an iat-not-in-the-future check nimbus does not make.
 *
 * <p>Public-key verifiers run nimbus's processor. An HMAC verifier has exactly one key, so it runs the same steps
 * with the same nimbus parts itself (the type verifier, one {@link MACVerifier} made once, the claims verifier)
 * on the token {@link LoginVerifiers} already parsed: the processor would parse the token again and build a new
 * verifier for every request (a fifth of the token route's CPU under fresh-token load).
 */
final class TokenVerifier {
    final VerifierSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /** Non-null for an HMAC verifier: the one key's verifier (thread-safe; no deferred critical headers). */
    private final MACVerifier mac;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
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
            try {
                mac = new MACVerifier(key);
            } catch (JOSEException e) {
                throw new IllegalArgumentException(settings.name() + ": unusable HMAC secret: " + e.getMessage(), e);
            }
        } else {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
            mac = null;
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
        this.claimsVerifier = claimsVerifier;
    }

    /** The processor's steps for a single HMAC key, in its order and with its messages. */
    private JWTClaimsSet verifyHmac(ParsedToken jwt) throws BadJOSEException, JOSEException {
        JWSHeader header = jwt.header();
        processor.getJWSTypeVerifier().verify(header.getType(), null);
        if (!settings.algorithms().contains(header.getAlgorithm())) {
            throw new BadJOSEException("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
        }
        if (!mac.verify(header, jwt.signingInput(), jwt.signature())) {
            throw new BadJWSException("Signed JWT rejected: Invalid signature");
        }
        claimsVerifier.verify(jwt.claims(), null);
        return jwt.claims();
    }

    JWTClaimsSet verify(ParsedToken jwt) throws LoginFailure {
        JWTClaimsSet claims;
        try {
            claims = mac != null ? verifyHmac(jwt) : processor.process(jwt.toSignedJwt(), null);
        } catch (java.text.ParseException e) {
            throw new LoginFailure(LoginFailure.Kind.INVALID, settings.name() + ": malformed token: " + e.getMessage());
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
