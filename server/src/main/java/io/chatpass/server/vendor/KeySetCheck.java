package io.chatpass.server.vendor;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The check a vendor that verifies with a published key set makes (Salesforce's keyset pointing at
 * /.well-known/jwks.json), for the sandbox stand-ins: the header's {@code kid} names a key of the set as fetched now,
 * the algorithm is one the vendor accepts and the key's own, the signature holds, {@code iss} is the configured
 * issuer, {@code sub} is present and {@code exp} is in the future. Written from the vendors' documentation, with the
 * JOSE library's verifiers rather than Chatpass's signer.
 */
public final class KeySetCheck {
    private final Supplier<JWKSet> keys;
    private final String issuer;
    private final List<String> algorithms;
    private final Clock clock;

    public KeySetCheck(Supplier<JWKSet> keys, String issuer, List<String> algorithms, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.algorithms = List.copyOf(algorithms);
        this.clock = clock;
    }

    /** The token's claims when the vendor would accept it, else null. */
    public Map<String, Object> claims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String alg = jwt.getHeader().getAlgorithm().getName();
            String kid = jwt.getHeader().getKeyID();
            if (!algorithms.contains(alg) || kid == null) return null;
            JWK key = keys.get().getKeyByKeyId(kid);
            if (key == null || key.getAlgorithm() == null || !alg.equals(key.getAlgorithm().getName())) return null;
            JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
            if (!jwt.verify(verifier)) return null;
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (!issuer.equals(c.getIssuer()) || c.getSubject() == null || c.getIssueTime() == null || exp == null
                    || !exp.toInstant().isAfter(clock.instant())) {
                return null;
            }
            return c.toJSONObject();
        } catch (Exception e) {
            return null;
        }
    }
}
