package io.chatpass.core.login;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * A compact JWS split and read, nothing verified: the three parts, the parsed header and claims. The signing input
 * is the token's own text up to its second dot, as sent (never a re-serialisation).
 */
record ParsedToken(String text, Base64URL[] parts, JWSHeader header, JWTClaimsSet claims) {
    byte[] signingInput() {
        return text.substring(0, text.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    Base64URL signature() {
        return parts[2];
    }

    /** The same token as nimbus's own object, for the processor path (public-key verifiers). */
    SignedJWT toSignedJwt() throws ParseException {
        return new SignedJWT(parts[0], parts[1], parts[2]);
    }
}
