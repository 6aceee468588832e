package io.chatpass.core.login;

import static io.chatpass.core.login.Tokens.NOW;
import static io.chatpass.core.login.Tokens.hs256;
import static io.chatpass.core.login.Tokens.xsolla;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.chatpass.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from an independent implementation (auth0 java-jwt) are accepted and mapped. */
class LoginAcceptanceTest {
    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void xsollaTokenBecomesASiteUser() throws Exception {
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);
        SiteUser u = v.verify(hs256(xsolla()), null);
        assertThat(u.id()).isEqualTo("b8e3b6f2-1a7e-4c1e-9d0a-2f1b3c4d5e6f");
        assertThat(u.email()).isEqualTo("ann@example.com");
        assertThat(u.name()).as("no name claim").isNull();
        assertThat(u.emailVerified()).isNull();
        assertThat(u.verifiedEmail()).as("Xsolla tokens say nothing of verification").isNull();
        assertThat(u.displayName()).as("an unverified email is no name").isNull();
        assertThat(u.verifier()).isEqualTo("xsolla");
        assertThat(u.claims()).containsEntry("xsolla_login_project_id", Tokens.PROJECT);
    }

    @Test
    void expiredWithinLeewayIsAccepted() throws Exception {
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);
        assertThat(v.verify(hs256(xsolla().withExpiresAt(Date.from(NOW.minusSeconds(30)))), null)).isNotNull();
    }

    @Test
    void phoneLoginWithoutEmailIsAcceptedWithNoEmail() throws Exception {
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);
        SiteUser u = v.verify(hs256(xsolla().withClaim("email", (String) null).withClaim("name", "Ann")), null);
        assertThat(u.email()).isNull();
        assertThat(u.name()).isEqualTo("Ann");
    }

    @Test
    void hs384AndHs512WhenConfigured() throws Exception {
        String secret = "a-64-byte-secret-for-hs512-0123456789abcdef0123456789abcdef012345";
        var s = VerifierSettings.builder("site", Set.of(JWSAlgorithm.HS384, JWSAlgorithm.HS512)).secret(Secret.ofUtf8(secret)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), clock);
        var b = JWT.create().withSubject("u1").withExpiresAt(Date.from(NOW.plusSeconds(60)));
        assertThat(v.verify(b.sign(Algorithm.HMAC384(secret)), null).id()).isEqualTo("u1");
        assertThat(v.verify(b.sign(Algorithm.HMAC512(secret)), null).id()).isEqualTo("u1");
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(b.sign(Algorithm.HMAC256(secret)), null)))
                .as("HS256 was not configured").isNotNull();
    }

    @Test
    void aSecretShorterThanTheAlgorithmsHashIsNeverUsedForIt() throws Exception {
        String secret = "a-48-byte-secret-for-hs384-0123456789abcdef01234"; // 384 bits: enough for HS384, not HS512
        var s = VerifierSettings.builder("site", Set.of(JWSAlgorithm.HS384, JWSAlgorithm.HS512)).secret(Secret.ofUtf8(secret)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), clock);
        var b = JWT.create().withSubject("u1").withExpiresAt(Date.from(NOW.plusSeconds(60)));
        assertThat(v.verify(b.sign(Algorithm.HMAC384(secret)), null).id()).isEqualTo("u1");
        LoginFailure refused = catchThrowableOfType(LoginFailure.class, () -> v.verify(b.sign(Algorithm.HMAC512(secret)), null));
        assertThat(refused).as("HS512 with a 384-bit secret, signed with that very secret").isNotNull();
        assertThat(refused.getMessage()).contains("shorter than HS512").doesNotContain(secret);
    }

    @Test
    void rs256AndEs256FromAJwksFileWithCustomClaimMapping(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var rk = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        var ek = ec.generateKeyPair();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(List.of(
                new RSAKey.Builder((RSAPublicKey) rk.getPublic()).keyID("r1").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ek.getPublic()).keyID("e1").build())).toString());
        var s = VerifierSettings.builder("idp", Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)).jwksFile(file)
                .issuer("https://idp.example").audience(Set.of("shop"))
                .claims(new ClaimMapping("uid", "mail", "display_name", "mail_ok", null)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), clock);
        var b = JWT.create().withIssuer("https://idp.example").withAudience("shop").withClaim("uid", "42")
                .withClaim("mail", "bo@example.com").withClaim("display_name", "Bo").withClaim("mail_ok", true)
                .withExpiresAt(Date.from(NOW.plusSeconds(60)));
        SiteUser r = v.verify(b.withKeyId("r1").sign(Algorithm.RSA256((RSAPublicKey) rk.getPublic(), (RSAPrivateKey) rk.getPrivate())), null);
        assertThat(r).extracting(SiteUser::id, SiteUser::email, SiteUser::name, SiteUser::emailVerified)
                .containsExactly("42", "bo@example.com", "Bo", true);
        SiteUser e = v.verify(b.withKeyId("e1").sign(Algorithm.ECDSA256((ECPublicKey) ek.getPublic(), (ECPrivateKey) ek.getPrivate())), null);
        assertThat(e.id()).isEqualTo("42");
        var wrongAud = JWT.create().withIssuer("https://idp.example").withAudience("other").withClaim("uid", "42")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).withKeyId("r1")
                .sign(Algorithm.RSA256((RSAPublicKey) rk.getPublic(), (RSAPrivateKey) rk.getPrivate()));
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(wrongAud, null)).kind()).isEqualTo(LoginFailure.Kind.INVALID);
        var unknownKid = b.withKeyId("nope").sign(Algorithm.RSA256((RSAPublicKey) rk.getPublic(), (RSAPrivateKey) rk.getPrivate()));
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(unknownKid, null)).kind()).isEqualTo(LoginFailure.Kind.INVALID);
    }

    @Test
    void tokensAreRoutedByIssuerNotTriedInTurn(@TempDir Path dir) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var rk = rsa.generateKeyPair();
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, new JWKSet(new RSAKey.Builder((RSAPublicKey) rk.getPublic()).keyID("r1").build()).toString());
        var rs = VerifierSettings.builder("new-rs256", Set.of(JWSAlgorithm.RS256)).jwksFile(file)
                .issuer("https://new.example").audience(Set.of("shop")).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings(), rs), Duration.ofSeconds(60), clock);
        assertThat(v.verify(hs256(xsolla()), null).verifier()).isEqualTo("xsolla");
        String rsToken = JWT.create().withIssuer("https://new.example").withAudience("shop").withSubject("u2")
                .withExpiresAt(Date.from(NOW.plusSeconds(60))).withKeyId("r1")
                .sign(Algorithm.RSA256((RSAPublicKey) rk.getPublic(), (RSAPrivateKey) rk.getPrivate()));
        assertThat(v.verify(rsToken, null).verifier()).isEqualTo("new-rs256");
        // An HS256 token claiming the RS256 issuer goes to the RS256 verifier only, and fails there.
        String confused = hs256(xsolla().withIssuer("https://new.example").withAudience("shop"));
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(confused, null)).reason()).startsWith("new-rs256");
    }

    @Test
    void keyIdsRouteTokensToAnHmacVerifier() throws Exception {
        var second = VerifierSettings.builder("partner", Set.of(JWSAlgorithm.HS256))
                .secret(Secret.ofUtf8("partner-secret-0123456789abcdef-0123456789")).keyIds(List.of("partner-2026"))
                .userIdPrefix("partner:").build();
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings(), second), Duration.ofSeconds(60), clock);
        String routed = JWT.create().withKeyId("partner-2026").withSubject("42").withExpiresAt(Date.from(NOW.plusSeconds(60)))
                .sign(Algorithm.HMAC256("partner-secret-0123456789abcdef-0123456789"));
        SiteUser u = v.verify(routed, null);
        assertThat(u.verifier()).isEqualTo("partner");
        assertThat(u.id()).isEqualTo("partner:42");
        // The same kid signed with another secret is routed to the same verifier, and refused there.
        String forged = JWT.create().withKeyId("partner-2026").withSubject("42").withExpiresAt(Date.from(NOW.plusSeconds(60)))
                .sign(Algorithm.HMAC256(Tokens.SECRET));
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(forged, null)).reason()).startsWith("partner");
    }

    @Test
    void theVerifiedTokenMemoryIsBoundedByBytes() throws Exception {
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);
        String padding = "p".repeat(5_500);
        int tokens = 16_000; // ~ 16,000 x 7.5 KiB tokens: over 100 MiB of text if every one were kept
        int weight = 0;
        for (int i = 0; i < tokens; i++) {
            String t = hs256(xsolla().withSubject("u" + i).withClaim("pad", padding));
            weight = LoginVerifiers.weight(t);
            v.verify(t, null);
            v.verify(t, null); // remembered from its second sighting
        }
        assertThat(v.rememberedBytes()).isLessThanOrEqualTo(LoginVerifiers.DEFAULT_MEMORY_BYTES);
        // full, not evicted down to nothing: at least half of what the budget holds
        assertThat(v.rememberedTokens()).isLessThan(tokens).isGreaterThan(LoginVerifiers.DEFAULT_MEMORY_BYTES / weight / 2);
    }

    @Test
    void aTokenSeenAgainIsServedFromMemoryAndAFreshOneIsNotKept() throws Exception {
        LoginVerifiers v = LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), clock);
        String token = hs256(xsolla());
        SiteUser first = v.verify(token, null);
        assertThat(v.rememberedTokens()).as("a token seen once costs no cache entry").isZero();
        SiteUser second = v.verify(token, null);
        assertThat(second).isNotSameAs(first); // verified in full again, then remembered
        assertThat(v.verify(token, null)).isSameAs(second);
        assertThat(v.rememberedTokens()).isEqualTo(1);
    }
}
