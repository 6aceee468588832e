package io.chatpass.core.zendesk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

final class Signing {
    private Signing() {
    }

    /**
     * A header as parsed from its own serialisation: nimbus then reuses the stored Base64URL form instead of
     * serialising the header again for every token (that showed in the minting profile).
     */
    static JWSHeader frozen(JWSHeader header) {
        try {
            return JWSHeader.parse(header.toBase64URL());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, JWTClaimsSet claims, MACSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("HMAC signing failed", e);
        }
        return jwt.serialize();
    }
}
