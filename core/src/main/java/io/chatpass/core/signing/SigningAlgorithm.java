package io.chatpass.core.signing;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Arrays;
import java.util.Optional;

/**
 * The algorithms Chatpass's own keys sign with: RS256 and RS512 (RSA, 2048 or 3072 bits; Salesforce takes either,
 * Dynamics 365 takes RS256) and ES256 (EC P-256). A key signs with exactly one algorithm, the one its JWK names.
 */
public enum SigningAlgorithm {
    RS256(JWSAlgorithm.RS256, "SHA256withRSA"),
    RS512(JWSAlgorithm.RS512, "SHA512withRSA"),
    ES256(JWSAlgorithm.ES256, "SHA256withECDSA");

    /** RSA key sizes accepted: below 2048 is refused by every vendor; above 3072 only costs signing time. */
    public static final int[] RSA_BITS = {2048, 3072};

    private final JWSAlgorithm jws;
    private final String certificateSignature;

    SigningAlgorithm(JWSAlgorithm jws, String certificateSignature) {
        this.jws = jws;
        this.certificateSignature = certificateSignature;
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    public boolean rsa() {
        return this != ES256;
    }

    String certificateSignature() {
        return certificateSignature;
    }

    /** The algorithm of a name as JOSE writes it ("RS256"), case-sensitive. */
    public static Optional<SigningAlgorithm> named(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
