package io.chatpass.core.zendesk;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

final class Signing {
    private Signing() {
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
