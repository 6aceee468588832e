package io.chatpass.core.login;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Login verification cost: the full pipeline (parse, route, signature, claims, mapping) for HS256, RS256 and
 * ES256 with the verified-token memory bypassed, and the remembered path a repeat request takes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VerifyBenchmark {
    private static final String SECRET = "xsolla-project-secret-0123456789abcdef";
    private TokenVerifier hs256;
    private TokenVerifier rs256;
    private TokenVerifier es256;
    private String hsToken;
    private String rsToken;
    private String esToken;
    private LoginVerifiers remembered;

    @Setup
    public void setup() throws Exception {
        Clock clock = Clock.systemUTC();
        Duration leeway = Duration.ofSeconds(60);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://login.xsolla.com").subject("b8e3b6f2-1a7e-4c1e")
                .audience("chat").claim("email", "ann@example.com").claim("xsolla_login_project_id", "p1")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600))).build();

        VerifierSettings hs = VerifierSettings.builder("xsolla", Set.of(JWSAlgorithm.HS256)).secret(Secret.ofUtf8(SECRET))
                .issuer("https://login.xsolla.com").exactClaims(Map.of("xsolla_login_project_id", "p1")).build();
        SignedJWT h = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        h.sign(new MACSigner(SECRET.getBytes()));
        hsToken = h.serialize();
        hs256 = new TokenVerifier(hs, JwksSources.forSettings(hs), clock, leeway);

        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        Path jwks = Files.createTempFile("bench", ".jwks");
        Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        VerifierSettings pk = VerifierSettings.builder("idp", Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)).jwksFile(jwks)
                .issuer("https://login.xsolla.com").audience(Set.of("chat")).build();
        SignedJWT r = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(), claims);
        r.sign(new RSASSASigner(rsa));
        rsToken = r.serialize();
        SignedJWT e = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), claims);
        e.sign(new ECDSASigner(ec));
        esToken = e.serialize();
        rs256 = new TokenVerifier(pk, JwksSources.forSettings(pk), clock, leeway);
        es256 = rs256;
        remembered = LoginVerifiers.create(List.of(hs), leeway, clock);
        remembered.verify(hsToken, null);
    }

    private static SiteUser full(TokenVerifier v, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        return ClaimMapper.map(v.verify(jwt), v.settings);
    }

    @Benchmark
    public SiteUser hs256Verify() throws Exception {
        return full(hs256, hsToken);
    }

    @Benchmark
    public SiteUser rs256Verify() throws Exception {
        return full(rs256, rsToken);
    }

    @Benchmark
    public SiteUser es256Verify() throws Exception {
        return full(es256, esToken);
    }

    @Benchmark
    public SiteUser hs256Remembered() throws Exception {
        return remembered.verify(hsToken, null);
    }
}
