package io.chatpass.core.login;

import static io.chatpass.core.login.Tokens.NOW;
import static io.chatpass.core.login.Tokens.b64;
import static io.chatpass.core.login.Tokens.hs256;
import static io.chatpass.core.login.Tokens.xsolla;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a login token must be refused, with the exact outcome. More of these than acceptance tests. */
class LoginRefusalTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final LoginVerifiers xsollaOnly = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);

    private LoginFailure refused(LoginVerifiers v, String token) {
        LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> v.verify(token, null));
        assertThat(f).as("token must be refused").isNotNull();
        if (token != null && !token.isBlank()) assertThat(f.reason()).doesNotContain(token);
        return f;
    }

    private void invalid(String token) {
        assertThat(refused(xsollaOnly, token).kind()).isEqualTo(LoginFailure.Kind.INVALID);
    }

    @Test
    void missingTokenIsMissing() {
        assertThat(refused(xsollaOnly, null).kind()).isEqualTo(LoginFailure.Kind.MISSING);
        assertThat(refused(xsollaOnly, "  ").kind()).isEqualTo(LoginFailure.Kind.MISSING);
    }

    @Test
    void algNoneIsRefused() {
        String valid = hs256(xsolla());
        String payload = valid.split("\\.")[1];
        invalid(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".");
        invalid(b64("{\"alg\":\"none\"}") + "." + payload + "." + valid.split("\\.")[2]);
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyIsRefused(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        var kp = g.generateKeyPair();
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) kp.getPublic()).keyID("rsa1").build();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(jwk).toString());
        LoginVerifiers rs = LoginVerifiers.create(List.of(Tokens.jwksFile("rs", Set.of(JWSAlgorithm.RS256), file,
                "https://idp.example", "shop")), Duration.ofSeconds(60), clock);
        var claims = JWT.create().withIssuer("https://idp.example").withAudience("shop").withSubject("u")
                .withExpiresAt(Date.from(NOW.plusSeconds(300))).withKeyId("rsa1");
        // The classic confusion: the public key (as PEM text and as DER bytes) used as an HMAC secret.
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThat(refused(rs, claims.sign(Algorithm.HMAC256(pem))).kind()).isEqualTo(LoginFailure.Kind.INVALID);
        assertThat(refused(rs, claims.sign(Algorithm.HMAC256(kp.getPublic().getEncoded()))).kind()).isEqualTo(LoginFailure.Kind.INVALID);
        // and the genuine RS256 token is accepted, so the refusals above are about the algorithm
        String good = claims.sign(Algorithm.RSA256((RSAPublicKey) kp.getPublic(), (RSAPrivateKey) kp.getPrivate()));
        assertThat(rs.verify(good, null).id()).isEqualTo("u");
    }

    @Test
    void wrongSecretIsRefused() {
        invalid(xsolla().sign(Algorithm.HMAC256("another-secret-of-sufficient-length-000")));
    }

    @Test
    void tamperedPayloadIsRefused() {
        String[] parts = hs256(xsolla()).split("\\.");
        String forged = b64(new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("b8e3b6f2", "00000000"));
        invalid(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void claimsThatAreNotBase64UrlAreRefusedNotAFailure() {
        String[] parts = hs256(xsolla()).split("\\.");
        // standard base64's + and /, padding in the middle, and bytes outside any alphabet: each a refusal (INVALID)
        invalid(parts[0] + "." + parts[1].replace('-', '+').replace('_', '/') + "+/." + parts[2]);
        invalid(parts[0] + "." + parts[1].substring(0, 4) + "==" + parts[1].substring(4) + "." + parts[2]);
        invalid(parts[0] + "." + parts[1] + "*\u00e9." + parts[2]);
        invalid(parts[0] + "." + b64("\u0000not json") + "." + parts[2]);
    }

    @Test
    void tamperedHeaderIsRefused() {
        String[] parts = hs256(xsolla()).split("\\.");
        invalid(b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"x\"}") + "." + parts[1] + "." + parts[2]);
        invalid(b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void expiredBeyondLeewayIsRefused() {
        invalid(hs256(xsolla().withExpiresAt(Date.from(NOW.minusSeconds(61)))));
    }

    @Test
    void notBeforeInTheFutureIsRefused() {
        invalid(hs256(xsolla().withNotBefore(Date.from(NOW.plusSeconds(120)))));
    }

    @Test
    void issuedInTheFutureBeyondLeewayIsRefused() {
        invalid(hs256(xsolla().withIssuedAt(Date.from(NOW.plusSeconds(120)))));
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        invalid(hs256(JWT.create().withIssuer(Tokens.XSOLLA_ISS).withSubject("u").withClaim("xsolla_login_project_id", Tokens.PROJECT)));
    }

    @Test
    void wrongIssuerIsRefused() {
        invalid(hs256(xsolla().withIssuer("https://login.evil.example")));
        invalid(hs256(xsolla().withIssuer(null)));
    }

    @Test
    void wrongProjectIsRefused() {
        invalid(hs256(xsolla().withClaim("xsolla_login_project_id", "other-project")));
        invalid(hs256(xsolla().withClaim("xsolla_login_project_id", (String) null)));
    }

    @Test
    void aHeaderOrPayloadThatIsJsonNullIsRefusedNotThrown() throws Exception {
        // Found by fuzzing (LoginFuzzTest): nimbus threw a NullPointerException for a header of JSON null.
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (String[] parts : new String[][] {{"null", "{}"}, {"{\"alg\":\"HS256\"}", "null"}, {"[]", "{}"}, {"{\"alg\":null}", "{}"}}) {
            String input = b64.encodeToString(parts[0].getBytes()) + "." + b64.encodeToString(parts[1].getBytes());
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Tokens.SECRET.getBytes(), "HmacSHA256"));
            invalid(input + "." + b64.encodeToString(mac.doFinal(input.getBytes())));
        }
    }

    @Test
    void aKidWithPathCharactersSelectsNothing() throws Exception {
        // The kid is never a file name or a key selector for a secret: with the right secret the token verifies
        // (so the refusal below is the signature's, not the kid's) ...
        assertThat(xsollaOnly.verify(hs256(xsolla().withKeyId("../../../etc/passwd")), null).id()).isEqualTo("b8e3b6f2-1a7e-4c1e-9d0a-2f1b3c4d5e6f");
        // ... and with any other secret the same kid changes nothing: refused.
        invalid(xsolla().withKeyId("../../../etc/passwd").sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(Tokens.SECRET + "-other")));
    }

    @Test
    void unknownCriticalHeaderIsRefused() throws Exception {
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .criticalParams(Set.of("urn:example:policy")).customParam("urn:example:policy", "x").build();
        var claims = new JWTClaimsSet.Builder().issuer(Tokens.XSOLLA_ISS).subject("u").claim("xsolla_login_project_id", Tokens.PROJECT)
                .expirationTime(Date.from(NOW.plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new MACSigner(Tokens.SECRET.getBytes()));
        invalid(jwt.serialize());
    }

    @Test
    void anotherHmacAlgorithmWithTheRightSecretIsRefused() {
        invalid(xsolla().sign(Algorithm.HMAC512(Tokens.SECRET)));
        invalid(xsolla().sign(Algorithm.HMAC384(Tokens.SECRET)));
    }

    @Test
    void aTypeOtherThanJwtIsRefused() {
        invalid(xsolla().withHeader(java.util.Map.of("typ", "at+jwt")).sign(Algorithm.HMAC256(Tokens.SECRET)));
    }

    @Test
    void anEncryptedTokenShapeIsRefused() {
        String[] p = hs256(xsolla()).split("\\.");
        invalid(b64("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + ".." + p[1] + "." + p[2] + "." + p[2]);
    }

    /** The parsed header is kept by its text: a second token with that header and a bad signature is still checked. */
    @Test
    void aKnownHeaderDoesNotSpareTheSignatureCheck() {
        String good = hs256(xsolla());
        assertThat(catchThrowableOfType(LoginFailure.class, () -> xsollaOnly.verify(good, null))).isNull();
        String[] p = good.split("\\.");
        String otherUser = hs256(xsolla().withSubject("someone-else"));
        invalid(p[0] + "." + otherUser.split("\\.")[1] + "." + p[2]);
        invalid(p[0] + "." + p[1] + "." + otherUser.split("\\.")[2]);
    }

    @Test
    void tokenOverEightKibIsRefusedBeforeParsing() {
        LoginFailure f = refused(xsollaOnly, hs256(xsolla().withClaim("pad", "p".repeat(9000))));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.INVALID);
        assertThat(f.reason()).contains("8192");
    }

    @Test
    void malformedBase64AndJsonAreRefused() {
        invalid("not-a-jwt");
        invalid("abc.d$f.ghi");
        invalid(b64("{\"alg\":\"HS256\"}") + "." + b64("{not json") + ".c2ln");
        invalid(b64("[1,2]") + "." + b64("{}") + ".c2ln");
        invalid("a.b.c.d.e");
    }

    @Test
    void emptyOrMissingSubjectIsAMissingClaim() {
        LoginFailure empty = refused(xsollaOnly, hs256(xsolla().withSubject("")));
        assertThat(empty.kind()).isEqualTo(LoginFailure.Kind.CLAIM_MISSING);
        assertThat(empty.claim()).isEqualTo("sub");
        LoginFailure none = refused(xsollaOnly, hs256(xsolla().withSubject(null)));
        assertThat(none.kind()).isEqualTo(LoginFailure.Kind.CLAIM_MISSING);
        assertThat(none.claim()).isEqualTo("sub");
    }

    @Test
    void requiredEmailMissingIsAMissingClaim() {
        var s = Tokens.xsollaSettings();
        var withEmail = s.toBuilder().claims(new ClaimMapping(null, null, null, null, Set.of("email"))).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(withEmail), Duration.ofSeconds(60), clock);
        LoginFailure f = refused(v, hs256(xsolla().withClaim("email", (String) null)));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.CLAIM_MISSING);
        assertThat(f.claim()).isEqualTo("email");
    }

    @Test
    void unusableClaimsAreInvalidClaims() {
        assertThat(refused(xsollaOnly, hs256(xsolla().withClaim("email", "not an email"))).kind())
                .isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
        assertThat(refused(xsollaOnly, hs256(xsolla().withSubject("ann\u0000admin"))).kind())
                .isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
        assertThat(refused(xsollaOnly, hs256(xsolla().withSubject("x".repeat(256)))).kind())
                .isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
    }

    /** An HS256 token over this exact claims text (JSON escapes such as a lone surrogate kept as written). */
    private static String signedClaimsText(String claimsJson) throws Exception {
        String signingInput = Tokens.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Tokens.b64(claimsJson);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Tokens.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    private static String claims(String sub, String email) {
        return "{\"iss\":\"" + Tokens.XSOLLA_ISS + "\",\"sub\":\"" + sub + "\",\"email\":\"" + email
                + "\",\"xsolla_login_project_id\":\"" + Tokens.PROJECT + "\",\"exp\":" + Tokens.NOW.plusSeconds(3600).getEpochSecond() + "}";
    }

    @Test
    void idsAndEmailsThatAreNotWellFormedUnicodeAreRefusedSoTwoIdsNeverBecomeOne() throws Exception {
        // a lone surrogate then "v" has no UTF-8 form: Java writes it as "?v", which would make it the same user as "?v"
        String fine = signedClaimsText(claims("?v", "ann@example.com"));
        assertThat(xsollaOnly.verify(fine, null).id()).isEqualTo("?v");
        for (String loneSurrogate : new String[] {"\\ud800v", "v\\udfff", "\\udc00\\ud800"}) {
            LoginFailure f = refused(xsollaOnly, signedClaimsText(claims(loneSurrogate, "ann@example.com")));
            assertThat(f.kind()).as(loneSurrogate).isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
            assertThat(f.claim()).isEqualTo("sub");
            LoginFailure e = refused(xsollaOnly, signedClaimsText(claims("ann", "ann" + loneSurrogate + "@example.com")));
            assertThat(e.kind()).as("email " + loneSurrogate).isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
            assertThat(e.claim()).isEqualTo("email");
        }
        // a proper pair (an emoji) is fine; control and line-separator characters are not
        assertThat(xsollaOnly.verify(signedClaimsText(claims("\\ud83d\\ude00", "ann@example.com")), null).id()).isEqualTo("\ud83d\ude00");
        for (String bad : new String[] {"a\\u0085b", "a\\u2028b", "a\\u001fb", "a\\u007fb"}) {
            assertThat(refused(xsollaOnly, signedClaimsText(claims(bad, "ann@example.com"))).kind()).as(bad)
                    .isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
            assertThat(refused(xsollaOnly, signedClaimsText(claims("ann", bad + "@example.com"))).kind()).as("email " + bad)
                    .isEqualTo(LoginFailure.Kind.CLAIM_INVALID);
        }
    }

    @Test
    void anEmailCountsAsVerifiedOnlyWhenTheLoginSaysSo() throws Exception {
        assertThat(xsollaOnly.verify(hs256(xsolla()), null).verifiedEmail()).as("no claim").isNull();
        assertThat(xsollaOnly.verify(hs256(xsolla().withClaim("email_verified", false)), null).verifiedEmail()).isNull();
        assertThat(xsollaOnly.verify(hs256(xsolla().withClaim("email_verified", "yes")), null).verifiedEmail()).as("not a boolean").isNull();
        assertThat(xsollaOnly.verify(hs256(xsolla().withClaim("email_verified", true)), null).verifiedEmail()).isEqualTo("ann@example.com");
        assertThat(xsollaOnly.verify(hs256(xsolla().withClaim("email_verified", "true")), null).verifiedEmail())
                .as("the string some providers send").isEqualTo("ann@example.com");
        LoginVerifiers trusting = LoginVerifiers.create(List.of(Tokens.xsollaSettings().toBuilder().emailsVerified(true).build()),
                Duration.ofSeconds(60), clock);
        assertThat(trusting.verify(hs256(xsolla()), null).verifiedEmail()).as("a login that only issues verified addresses")
                .isEqualTo("ann@example.com");
        assertThat(trusting.verify(hs256(xsolla().withClaim("email_verified", false)), null).verifiedEmail())
                .as("the token's own false wins").isNull();
    }

    @Test
    void aRememberedTokenIsStillRefusedOnceExpired() throws Exception {
        String token = hs256(xsolla().withExpiresAt(Date.from(NOW.plusSeconds(30))));
        assertThat(xsollaOnly.verify(token, null).id()).isNotEmpty();
        assertThat(xsollaOnly.verify(token, null).id()).isNotEmpty(); // the second sighting is remembered
        assertThat(xsollaOnly.rememberedTokens()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30 + 61));
        assertThat(refused(xsollaOnly, token).kind()).isEqualTo(LoginFailure.Kind.INVALID);
    }

    @Test
    void aCookieTokenIsNotAcceptedAsAProxyAssertion() {
        LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> xsollaOnly.verify(hs256(xsolla()), "X-Pomerium-Jwt-Assertion"));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.INVALID);
    }

    @Test
    void weakHmacSecretCannotBeConfigured() {
        var s = Tokens.xsollaSettings();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.toBuilder()
                .secret(io.chatpass.core.Secret.ofUtf8("0123456789")).build())
                .hasMessageContaining("256 bits");
    }
}
