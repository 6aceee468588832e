package io.chatpass.core.login;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.chatpass.core.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test tokens, made with auth0's java-jwt: an implementation independent of the one under test. */
final class Tokens {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String XSOLLA_ISS = "https://login.xsolla.com";
    static final String PROJECT = "proj-4a1c";
    static final String SECRET = "xsolla-project-secret-0123456789abcdef";

    private Tokens() {
    }

    /** A token as Xsolla Login issues it: HS256, iss, sub, email, project id, exp 24 h. */
    static JWTCreator.Builder xsolla() {
        return JWT.create().withIssuer(XSOLLA_ISS).withSubject("b8e3b6f2-1a7e-4c1e-9d0a-2f1b3c4d5e6f")
                .withClaim("email", "ann@example.com").withClaim("xsolla_login_project_id", PROJECT)
                .withClaim("groups", List.of()).withIssuedAt(Date.from(NOW.minusSeconds(10)))
                .withExpiresAt(Date.from(NOW.plus(Duration.ofHours(24))));
    }

    static String hs256(JWTCreator.Builder b) {
        return b.sign(Algorithm.HMAC256(SECRET));
    }

    static VerifierSettings xsollaSettings() {
        return VerifierSettings.builder("xsolla", Set.of(com.nimbusds.jose.JWSAlgorithm.HS256)).secret(Secret.ofUtf8(SECRET))
                .issuer(XSOLLA_ISS).exactClaims(Map.of("xsolla_login_project_id", PROJECT)).build();
    }

    static VerifierSettings jwksFile(String name, Set<com.nimbusds.jose.JWSAlgorithm> algs, Path file, String iss, String aud) {
        return VerifierSettings.builder(name, algs).jwksFile(file).issuer(iss).audience(Set.of(aud)).build();
    }

    static VerifierSettings jwksUrl(String name, Set<com.nimbusds.jose.JWSAlgorithm> algs, URI url, String iss, String aud,
                                    Duration ttl, Duration refetch, String header) {
        return VerifierSettings.builder(name, algs).jwksUrl(url).issuer(iss).audience(Set.of(aud)).header(header)
                .jwksCacheTtl(ttl).jwksRefetchMinInterval(refetch).httpTimeout(Duration.ofSeconds(2)).build();
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
