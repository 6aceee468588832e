package io.chatpass.bench;

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
import io.chatpass.core.login.LoginVerifiers;
import io.chatpass.core.login.SiteUser;
import io.chatpass.core.login.VerifierSettings;
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
    private static final int TOKENS = 4096;
    private final String[] hsTokens = new String[TOKENS];
    private final String[] rsTokens = new String[TOKENS];
    private final String[] esTokens = new String[TOKENS];
    private int next;
    private LoginVerifiers hs256;
    private LoginVerifiers publicKeys;
    private LoginVerifiers remembered;
    private String hsToken;

    @Setup
    public void setup() throws Exception {
        Clock clock = Clock.systemUTC();
        Duration leeway = Duration.ofSeconds(60);
        VerifierSettings hs = VerifierSettings.builder("xsolla", Set.of(JWSAlgorithm.HS256)).secret(Secret.ofUtf8(SECRET))
                .issuer("https://login.xsolla.com").exactClaims(Map.of("xsolla_login_project_id", "p1")).build();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
        Path jwks = Files.createTempFile("bench", ".jwks");
        Files.writeString(jwks, new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        VerifierSettings pk = VerifierSettings.builder("idp", Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)).jwksFile(jwks)
                .issuer("https://idp.example").audience(Set.of("chat")).build();
        // Every verification is of a token the verifier has not verified before: the memory is off (0 bytes), and a
        // pool of distinct tokens (own subject and jti) is cycled.
        for (int i = 0; i < TOKENS; i++) {
            JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().subject("user-" + i).jwtID("j" + i).claim("email", "u" + i + "@example.com")
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(3600)));
            SignedJWT h = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    c.issuer("https://login.xsolla.com").claim("xsolla_login_project_id", "p1").build());
            h.sign(new MACSigner(SECRET.getBytes()));
            hsTokens[i] = h.serialize();
            JWTClaimsSet pc = c.issuer("https://idp.example").audience("chat").build();
            SignedJWT r = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r1").build(), pc);
            r.sign(new RSASSASigner(rsa));
            rsTokens[i] = r.serialize();
            SignedJWT e = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e1").build(), pc);
            e.sign(new ECDSASigner(ec));
            esTokens[i] = e.serialize();
        }
        hs256 = LoginVerifiers.create(List.of(hs), leeway, clock, 0);
        publicKeys = LoginVerifiers.create(List.of(pk), leeway, clock, 0);
        remembered = LoginVerifiers.create(List.of(hs), leeway, clock);
        hsToken = hsTokens[0];
        remembered.verify(hsToken, null);
    }

    private int next() {
        next = (next + 1) & (TOKENS - 1);
        return next;
    }

    @Benchmark
    public SiteUser hs256Verify() throws Exception {
        return hs256.verify(hsTokens[next()], null);
    }

    @Benchmark
    public SiteUser rs256Verify() throws Exception {
        return publicKeys.verify(rsTokens[next()], null);
    }

    @Benchmark
    public SiteUser es256Verify() throws Exception {
        return publicKeys.verify(esTokens[next()], null);
    }

    /** Labelled variant: the same token again, answered by the verified-token memory. */
    @Benchmark
    public SiteUser hs256Remembered() throws Exception {
        return remembered.verify(hsToken, null);
    }
}
