package io.chatpass.server.vendors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.chatpass.core.Secret;
import io.chatpass.core.identity.Hmacs;
import io.chatpass.core.identity.IdentityIssuer;
import io.chatpass.server.vendors.chatwoot.ChatwootVendor;
import io.chatpass.server.vendors.crisp.CrispIdentity;
import io.chatpass.server.vendors.drift.DriftJwt;
import io.chatpass.server.vendors.front.FrontVendor;
import io.chatpass.server.vendors.helpscout.HelpScoutVendor;
import io.chatpass.server.vendors.intercom.IntercomJwt;
import io.chatpass.server.vendors.intercom.IntercomVendor;
import io.chatpass.server.vendors.tawkto.TawktoVendor;
import io.chatpass.core.login.LoginFailure;
import io.chatpass.core.login.SiteUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The field layouts and signatures each vendor documents. The HMAC is checked against a published test value and
 * JWTs with another library (auth0 java-jwt); the Node interop test in the server module checks all of it again
 * with Node's crypto and jose.
 */
class WidgetIdentitiesTest {
    static final Secret S = Secret.ofUtf8("vendor-secret-0123456789abcdef-XYZ");
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SiteUser ANN = new SiteUser("site:Ann-42", "Ann.Lee@Example.COM", "Ann Lée 李", true, "site", Map.of());

    @Test
    void hmacIsLowercaseHexOfSha256KeyedWithTheSecretsUtf8Bytes() {
        // The widely published HMAC-SHA256 example (key "key", the quick brown fox).
        assertThat(Hmacs.hex(Hmacs.key(Secret.ofUtf8("key")), "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void emailIsSignedExactlyAsSentWithoutCaseFolding() throws Exception {
        Map<String, Object> front = FrontVendor.LAYOUT.issuer(S).identify(ANN);
        assertThat(front).containsExactly(Map.entry("email", "Ann.Lee@Example.COM"), Map.entry("name", "Ann Lée 李"),
                Map.entry("userHash", Hmacs.hex(Hmacs.key(S), "Ann.Lee@Example.COM")));
        assertThat(front.get("userHash")).isNotEqualTo(Hmacs.hex(Hmacs.key(S), "ann.lee@example.com"));
        assertThat(HelpScoutVendor.LAYOUT.issuer(S).identify(ANN)).containsExactly(Map.entry("name", "Ann Lée 李"),
                Map.entry("email", "Ann.Lee@Example.COM"), Map.entry("signature", Hmacs.hex(Hmacs.key(S), "Ann.Lee@Example.COM")));
    }

    @Test
    void idVendorsSignTheSiteUserId() throws Exception {
        String h = Hmacs.hex(Hmacs.key(S), "site:Ann-42");
        assertThat(TawktoVendor.LAYOUT.issuer(S).identify(ANN)).containsExactly(Map.entry("userId", "site:Ann-42"),
                Map.entry("name", "Ann Lée 李"), Map.entry("email", "Ann.Lee@Example.COM"), Map.entry("hash", h));
        assertThat(ChatwootVendor.LAYOUT.issuer(S).identify(ANN)).containsExactly(Map.entry("identifier", "site:Ann-42"),
                Map.entry("name", "Ann Lée 李"), Map.entry("email", "Ann.Lee@Example.COM"), Map.entry("identifier_hash", h));
        assertThat(IntercomVendor.HMAC.issuer(S).identify(ANN)).containsExactly(Map.entry("user_id", "site:Ann-42"),
                Map.entry("email", "Ann.Lee@Example.COM"), Map.entry("name", "Ann Lée 李"), Map.entry("user_hash", h));
    }

    @Test
    void optionalValuesTheLoginLacksAreLeftOutAndARequiredEmailIsAClaimProblem() throws Exception {
        SiteUser bare = new SiteUser("u1", null, null, null, "site", Map.of());
        assertThat(ChatwootVendor.LAYOUT.issuer(S).identify(bare)).containsOnlyKeys("identifier", "identifier_hash");
        for (IdentityIssuer needsEmail : new IdentityIssuer[] {FrontVendor.LAYOUT.issuer(S), HelpScoutVendor.LAYOUT.issuer(S),
                new CrispIdentity(S, Secret.ofUtf8("token-id-secret-0123456789abcdefghij"))}) {
            assertThatThrownBy(() -> needsEmail.identify(bare)).isInstanceOfSatisfying(LoginFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(LoginFailure.Kind.CLAIM_MISSING));
        }
        assertThatThrownBy(() -> new SiteUser("u2", "ann@example.com\n", null, true, "site", Map.of()))
                .as("no identity model holds a malformed email").isInstanceOf(IllegalArgumentException.class);
        SiteUser unverified = new SiteUser("u2", "ann@example.com", null, false, "site", Map.of());
        for (IdentityIssuer needsEmail : new IdentityIssuer[] {FrontVendor.LAYOUT.issuer(S), HelpScoutVendor.LAYOUT.issuer(S),
                new CrispIdentity(S, Secret.ofUtf8("token-id-secret-0123456789abcdefghij"))}) {
            assertThatThrownBy(() -> needsEmail.identify(unverified)).isInstanceOfSatisfying(LoginFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(LoginFailure.Kind.EMAIL_UNVERIFIED));
        }
        assertThat(TawktoVendor.LAYOUT.issuer(S).identify(unverified)).containsOnlyKeys("userId", "hash");
    }

    @Test
    void crispTokenIdIsStablePerUserKeyedAndNotDerivableFromPublicValues() throws Exception {
        Secret tokens = Secret.ofUtf8("token-id-secret-0123456789abcdefghij");
        CrispIdentity crisp = new CrispIdentity(S, tokens);
        Map<String, Object> a = crisp.identify(ANN);
        assertThat(a).containsKeys("email", "signature", "nickname", "token_id");
        assertThat(a.get("signature")).isEqualTo(Hmacs.hex(Hmacs.key(S), "Ann.Lee@Example.COM"));
        String id = (String) a.get("token_id");
        assertThat(id).matches("[0-9a-f]{64}").isEqualTo(crisp.identify(ANN).get("token_id"));
        SiteUser other = new SiteUser("site:Bo", "Ann.Lee@Example.COM", null, true, "site", Map.of());
        assertThat(crisp.identify(other).get("token_id")).as("same email, another user").isNotEqualTo(id);
        assertThat(new CrispIdentity(S, Secret.ofUtf8("another-token-secret-0123456789abcdef")).identify(ANN).get("token_id"))
                .isNotEqualTo(id);
        assertThat(id).isNotEqualTo(Hmacs.hex(Hmacs.key(S), "site:Ann-42")).isNotEqualTo(Hmacs.hex(Hmacs.key(tokens), "site:Ann-42"));
        assertThatThrownBy(() -> new CrispIdentity(S, S)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CrispIdentity(S, Secret.ofUtf8("short"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intercomJwtCarriesUserIdAndExpiresWithinTheLifetime() throws Exception {
        Map<String, Object> out = new IntercomJwt(S, Duration.ofHours(1), CLOCK).identify(ANN);
        assertThat(out).containsOnlyKeys("intercom_user_jwt", "expires_at");
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(S.bytes())).withClaim("user_id", "site:Ann-42")
                .build().verify((String) out.get("intercom_user_jwt"));
        assertThat(jwt.getAlgorithm()).isEqualTo("HS256");
        assertThat(jwt.getClaim("email").asString()).isEqualTo("Ann.Lee@Example.COM");
        assertThat(jwt.getClaim("name").asString()).isEqualTo("Ann Lée 李");
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(jwt.getIssuedAtAsInstant()).isEqualTo(NOW);
        assertThat(out.get("expires_at")).isEqualTo(NOW.plusSeconds(3600).toString());
    }

    @Test
    void driftJwtHasTheUserIdAsSub() throws Exception {
        Map<String, Object> out = new DriftJwt(S, Duration.ofMinutes(30), CLOCK).identify(ANN);
        assertThat(out).containsOnlyKeys("userId", "email", "name", "userJwt");
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(S.bytes())).withSubject("site:Ann-42").build().verify((String) out.get("userJwt"));
        assertThat(jwt.getExpiresAtAsInstant()).isEqualTo(NOW.plusSeconds(1800));
        assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256("another-secret-0123456789abcdef-XYZ")).build().verify((String) out.get("userJwt")))
                .isInstanceOf(com.auth0.jwt.exceptions.SignatureVerificationException.class);
    }

    @Test
    void jwtVendorsRefuseShortSecrets() {
        assertThatThrownBy(() -> new DriftJwt(Secret.ofUtf8("sixteen-bytes-xx"), Duration.ofHours(1), CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
