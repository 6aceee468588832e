package io.chatpass.core.login;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.impl.CriticalHeaderParamsDeferral;
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
import java.util.Map;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Set;

/**
 * One verifier's pipeline, on nimbus: type check, key selection by the configured algorithms only (a token naming
 * another algorithm finds no key), signature, then claims (exp required, nbf, iss, aud, exact-match claims,
 * leeway), then an iat-not-in-the-future check nimbus does not make.
 *
 * <p>Public-key verifiers run nimbus's processor. An HMAC verifier has exactly one key, so it runs the same steps
 * with the same nimbus parts itself (the type verifier, its critical-header rule, the claims verifier) on the token
 * {@link LoginVerifiers} already parsed: the processor would parse the token again and build a new verifier for every
 * request (a fifth of the token route's CPU under fresh-token load). The HMAC is the JDK's, as in nimbus's
 * MACVerifier, but keyed once per algorithm and cloned per token, where MACVerifier looks the Mac up and keys it on
 * every call; the comparison is constant-time ({@link MessageDigest#isEqual}).
 */
final class TokenVerifier {
    final VerifierSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    /**
     * Non-null for an HMAC verifier: a keyed Mac per configured algorithm whose hash the secret is at least as long as
     * (nimbus's rule: HS384 needs 384 bits), cloned per token.
     */
    private final Map<JWSAlgorithm, Mac> mac;
    /** No critical header is understood: a token naming one is refused (as nimbus's verifiers do). */
    private final CriticalHeaderParamsDeferral crit = new CriticalHeaderParamsDeferral();
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
            mac = keyedMacs(settings);
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
        Mac keyed = mac.get(header.getAlgorithm());
        if (keyed == null) {
            throw new JOSEException("The secret is shorter than " + header.getAlgorithm() + " requires");
        }
        if (!crit.headerPasses(header) || !MessageDigest.isEqual(hmac(keyed, jwt.signingInput()), jwt.signature().decode())) {
            throw new BadJWSException("Signed JWT rejected: Invalid signature");
        }
        claimsVerifier.verify(jwt.claims(), null);
        return jwt.claims();
    }

    private static byte[] hmac(Mac keyed, byte[] input) {
        try {
            return ((Mac) keyed.clone()).doFinal(input);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HMAC cannot be cloned", e);
        }
    }

    /** A keyed Mac for each configured HMAC algorithm the secret is long enough for (at least the hash's bits). */
    private static Map<JWSAlgorithm, Mac> keyedMacs(VerifierSettings settings) {
        byte[] secret = settings.secret().bytes();
        Map<JWSAlgorithm, Mac> macs = new java.util.HashMap<>();
        for (JWSAlgorithm alg : settings.algorithms()) {
            int bits;
            try {
                bits = com.nimbusds.jose.crypto.MACSigner.getMinRequiredSecretLength(alg); // nimbus's rule, HS256/384/512 only
            } catch (JOSEException e) {
                throw new IllegalArgumentException(settings.name() + ": unsupported HMAC algorithm " + alg, e);
            }
            if (secret.length * 8 < bits) continue;
            String jca = "HmacSHA" + bits;
            try {
                Mac m = Mac.getInstance(jca);
                m.init(new SecretKeySpec(secret, jca));
                macs.put(alg, m);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(jca + " is not available", e);
            }
        }
        return Map.copyOf(macs);
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
