package io.chatpass.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** HS256 tokens as built in one byte array: read back and checked by nimbus, claims for claims as nimbus writes them. */
class JwtSignerTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef-a-shared-secret".getBytes(StandardCharsets.US_ASCII);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00.700Z"), ZoneOffset.UTC);

    private static JwtSigner signer(String kid) {
        return JwtSigner.hmac("Chat token", Secret.ofBytes(SECRET), kid, Duration.ofMinutes(5), Duration.ofHours(1), CLOCK);
    }

    @Test
    void aTokenNimbusVerifiesWithTheClaimsGiven() throws Exception {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("plan", "pro");
        ext.put("seats", 3L);
        ext.put("ratio", 0.25);
        ext.put("none", null);
        ext.put("tags", List.of("a", "b"));
        JwtSigner.Signed s = signer("k1").sign(b -> b.subject("user-1").claim("name", "Ana \"é\" <&> \\ \u2028 \uD83D\uDE00")
                .claim("email", "ana@example.com").claim("external_id", "x-1").claim("ext", ext)
                .claim("list", List.of(1L, "two", true)).audience(List.of("a1", "a2")).jwtID("j-1"));
        SignedJWT jwt = SignedJWT.parse(s.token());
        assertThat(jwt.verify(new MACVerifier(SECRET))).as("the signature").isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getSubject()).isEqualTo("user-1");
        assertThat(c.getStringClaim("name")).isEqualTo("Ana \"é\" <&> \\ \u2028 \uD83D\uDE00");
        assertThat(c.getAudience()).containsExactly("a1", "a2");
        assertThat(c.getIssueTime().toInstant()).as("whole seconds").isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(c.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-12-02T10:05:00Z"));
        assertThat(c.getJSONObjectClaim("ext")).isEqualTo(ext);
        assertThat(c.getClaim("list")).isEqualTo(List.of(1L, "two", true));
        assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-12-02T10:05:00Z"));
        assertThat(s.token()).as("no padding, three parts").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    /** Every payload length modulo 3 (the Base64 tail), and claims of every type the writer takes: as nimbus writes. */
    @Test
    void thePayloadIsTheJsonNimbusWouldWriteForAnyLength() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            String name = "n".repeat(random.nextInt(40));
            long n = random.nextLong();
            JwtSigner.Signed s = signer(null).sign(b -> b.subject("u" + n).claim("name", name).claim("n", n).claim("d", 1.5));
            SignedJWT jwt = SignedJWT.parse(s.token());
            assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
            String payload = new String(java.util.Base64.getUrlDecoder().decode(s.token().split("\\.")[1]), StandardCharsets.UTF_8);
            JWTClaimsSet expected = new JWTClaimsSet.Builder().subject("u" + n).claim("name", name).claim("n", n).claim("d", 1.5)
                    .issueTime(java.util.Date.from(Instant.parse("2026-12-02T10:00:00Z")))
                    .expirationTime(java.util.Date.from(Instant.parse("2026-12-02T10:05:00Z"))).build();
            assertThat(JSONObjectUtils.parse(payload)).as("the same claims, in the same order").isEqualTo(JSONObjectUtils.parse(expected.toString()));
            assertThat(order(payload)).as("in nimbus's order").isEqualTo(order(expected.toString()));
        }
    }

    private static List<String> order(String json) {
        return List.of("sub", "name", "n", "d", "iat", "exp").stream()
                .sorted(java.util.Comparator.comparingInt(k -> json.indexOf('"' + k + "\":"))).toList();
    }

    @Test
    void aValueTheWriterDoesNotTakeFallsBackToNimbus() throws Exception {
        JwtSigner.Signed s = signer(null).sign(b -> b.subject("u").claim("f", 1.5f).claim("big", new java.math.BigInteger("123456789012345678901234")));
        SignedJWT jwt = SignedJWT.parse(s.token());
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(((Number) jwt.getJWTClaimsSet().getClaim("f")).doubleValue()).isEqualTo(1.5);
        assertThat(((Number) jwt.getJWTClaimsSet().getClaim("big")).doubleValue()).isEqualTo(1.2345678901234568E23);
    }
}
