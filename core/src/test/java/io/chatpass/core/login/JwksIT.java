package io.chatpass.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS and OIDC discovery against a real HTTP server on loopback that the test scripts. */
class JwksIT {
    private static final String AUD = "shop";
    private HttpServer server;
    private String base;
    private final AtomicReference<String> jwks = new AtomicReference<>();
    private final AtomicInteger jwksStatus = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> discoveryIssuer = new AtomicReference<>();
    private final AtomicReference<String> discoveredJwksUri = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", ex -> {
            fetches.incrementAndGet();
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(jwksStatus.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/.well-known/openid-configuration", ex -> {
            String jwksUri = discoveredJwksUri.get() != null ? discoveredJwksUri.get() : base + "/jwks";
            byte[] body = ("{\"issuer\":\"" + discoveryIssuer.get() + "\",\"jwks_uri\":\"" + jwksUri + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        discoveryIssuer.set(base);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String publish(KeyPair... keys) {
        List<com.nimbusds.jose.jwk.JWK> list = new java.util.ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            list.add(new ECKey.Builder(Curve.P_256, (ECPublicKey) keys[i].getPublic()).keyID(kidOf(keys[i])).build());
        }
        return new JWKSet(list).toString();
    }

    private static String kidOf(KeyPair k) {
        return Integer.toHexString(k.getPublic().hashCode());
    }

    private String token(KeyPair k, String iss) {
        Instant now = Instant.now();
        return JWT.create().withIssuer(iss).withAudience(AUD).withSubject("user-7").withKeyId(kidOf(k))
                .withIssuedAt(Date.from(now)).withExpiresAt(Date.from(now.plusSeconds(300)))
                .sign(Algorithm.ECDSA256((ECPublicKey) k.getPublic(), (ECPrivateKey) k.getPrivate()));
    }

    private LoginVerifiers verifiers(Duration ttl, Duration refetch, String header) {
        return LoginVerifiers.create(List.of(Tokens.jwksUrl("idp", Set.of(JWSAlgorithm.ES256), URI.create(base + "/jwks"),
                "https://idp.example", AUD, ttl, refetch, header)), Duration.ofSeconds(60), Clock.systemUTC());
    }

    /** The server runs routes on its I/O threads only when no verifier can wait on a key fetch (ADR 11). */
    @Test
    void onlyVerifiersWithKeysOverTheNetworkSayTheyFetchKeys() {
        assertThat(verifiers(Duration.ofMinutes(10), Duration.ZERO, null).fetchesKeys()).isTrue();
        assertThat(LoginVerifiers.create(List.of(Tokens.xsollaSettings()), Duration.ofSeconds(60), Clock.systemUTC()).fetchesKeys())
                .as("an HMAC secret").isFalse();
    }

    @Test
    void rotatedKeysAreFetchedWhenATokenNamesANewKid() throws Exception {
        KeyPair k1 = ecKey();
        KeyPair k2 = ecKey();
        jwks.set(publish(k1));
        LoginVerifiers v = verifiers(Duration.ofMinutes(10), Duration.ZERO, null);
        assertThat(v.verify(token(k1, "https://idp.example"), null).id()).isEqualTo("user-7");
        jwks.set(publish(k2));
        assertThat(v.verify(token(k2, "https://idp.example"), null).id()).isEqualTo("user-7");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void unknownKidsTriggerOneRateLimitedRefetch() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        LoginVerifiers v = verifiers(Duration.ofMinutes(10), Duration.ofMinutes(5), null);
        v.verify(token(k1, "https://idp.example"), null);
        int before = fetches.get();
        for (int i = 0; i < 5; i++) {
            LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> v.verify(token(ecKey(), "https://idp.example"), null));
            assertThat(f.kind()).isEqualTo(LoginFailure.Kind.INVALID);
        }
        assertThat(fetches.get() - before).as("refetches for 5 unknown kids").isEqualTo(1);
    }

    @Test
    void cachedKeysAreKeptThroughAnOutage() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        LoginVerifiers v = verifiers(Duration.ofMillis(400), Duration.ZERO, null);
        v.verify(token(k1, "https://idp.example"), null);
        jwksStatus.set(503);
        jwks.set("<html>down</html>");
        Thread.sleep(900); // past the cache TTL: the next look-up goes upstream and meets the outage
        assertThat(v.verify(token(k1, "https://idp.example"), null).id()).isEqualTo("user-7");
        assertThat(fetches.get()).isGreaterThan(1);
    }

    @Test
    void noKeysAtAllIsKeysUnavailableNotInvalid() throws Exception {
        jwksStatus.set(500);
        jwks.set("{}");
        LoginVerifiers v = verifiers(Duration.ofMinutes(10), Duration.ZERO, null);
        LoginFailure f = catchThrowableOfType(LoginFailure.class, () -> v.verify(token(ecKey(), "https://idp.example"), null));
        assertThat(f.kind()).isEqualTo(LoginFailure.Kind.KEYS_UNAVAILABLE);
    }

    @Test
    void oidcDiscoveryFindsTheJwksUri() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        var s = VerifierSettings.builder("oidc", Set.of(JWSAlgorithm.ES256)).discover(true).issuer(base)
                .audience(Set.of(AUD)).jwksRefetchMinInterval(Duration.ZERO).httpTimeout(Duration.ofSeconds(2)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), Clock.systemUTC());
        assertThat(v.verify(token(k1, base), null).verifier()).isEqualTo("oidc");
    }

    @Test
    void discoveryDocumentForAnotherIssuerIsRefused() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        discoveryIssuer.set("https://evil.example");
        var s = VerifierSettings.builder("oidc", Set.of(JWSAlgorithm.ES256)).discover(true).issuer(base)
                .audience(Set.of(AUD)).jwksRefetchMinInterval(Duration.ZERO).httpTimeout(Duration.ofSeconds(2)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), Clock.systemUTC());
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(token(k1, base), null)).kind())
                .isEqualTo(LoginFailure.Kind.KEYS_UNAVAILABLE);
        assertThat(fetches.get()).isZero();
    }

    @Test
    void aDiscoveryDocumentNamingKeysOverPlainHttpIsRefusedAndTheyAreNotFetched() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        discoveredJwksUri.set("http://keys.example.com/jwks");
        var s = VerifierSettings.builder("oidc", Set.of(JWSAlgorithm.ES256)).discover(true).issuer(base)
                .audience(Set.of(AUD)).jwksRefetchMinInterval(Duration.ZERO).httpTimeout(Duration.ofSeconds(2)).build();
        LoginVerifiers v = LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), Clock.systemUTC());
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(token(k1, base), null)).kind())
                .isEqualTo(LoginFailure.Kind.KEYS_UNAVAILABLE);
        assertThat(fetches.get()).isZero();
    }

    @Test
    void keysAreFetchedOverHttpsOnlyOrFromALoopbackStandIn() {
        for (String url : new String[] {"http://keys.example.com/jwks", "http://localhost:9000/jwks"}) {
            var s = VerifierSettings.builder("idp", Set.of(JWSAlgorithm.ES256)).jwksUrl(java.net.URI.create(url)).issuer("https://idp.example")
                    .audience(Set.of(AUD)).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginVerifiers.create(List.of(s), Duration.ofSeconds(60), Clock.systemUTC()))
                    .as(url).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        }
        var discovery = VerifierSettings.builder("oidc", Set.of(JWSAlgorithm.ES256)).discover(true).issuer("http://idp.example.com")
                .audience(Set.of(AUD)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoginVerifiers.create(List.of(discovery), Duration.ofSeconds(60), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }

    @Test
    void proxyAssertionIsVerifiedOnlyFromItsHeader() throws Exception {
        KeyPair k1 = ecKey();
        jwks.set(publish(k1));
        LoginVerifiers v = verifiers(Duration.ofMinutes(10), Duration.ZERO, "X-Pomerium-Jwt-Assertion");
        String assertion = token(k1, "https://idp.example");
        assertThat(v.proxyHeaders()).containsExactly("x-pomerium-jwt-assertion");
        assertThat(v.verify(assertion, "x-pomerium-jwt-assertion").id()).isEqualTo("user-7");
        assertThat(catchThrowableOfType(LoginFailure.class, () -> v.verify(assertion, null)).kind())
                .as("the same token as a cookie has no verifier").isEqualTo(LoginFailure.Kind.INVALID);
    }
}
