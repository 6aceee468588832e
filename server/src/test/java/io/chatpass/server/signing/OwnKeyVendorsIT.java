package io.chatpass.server.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.MutableClock;
import io.chatpass.core.signing.SigningAlgorithm;
import io.chatpass.core.signing.SigningKeyStore;
import io.chatpass.core.store.Database;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.Logins;
import io.chatpass.server.support.TestServer;
import io.chatpass.server.vendor.SecretRules;
import io.chatpass.server.web.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Salesforce and Dynamics 365 through a server whose clock the test moves: no key yet is a clear 503, the key made
 * by an operator is picked up without a restart, and across `rotate` and `retire` a verifier that caches the key set
 * for as long as Chatpass lets it (Cache-Control max-age) never fails, with Salesforce's JWKS and with Dynamics'
 * public key document (PEM, then the kid array during the rotation).
 */
class OwnKeyVendorsIT {
    static final String LOGIN_SECRET = "login-secret-for-own-key-tests-000000000";
    static final String ISSUER = "https://shop.example.com";

    static ChatpassConfig config(Path dir) throws Exception {
        Path file = TestServer.writeConfig(dir, 0, Logins.verifierYaml(LOGIN_SECRET) + """
                widgets:
                  salesforce: {issuer: %s, lifetimeSeconds: 600}
                  dynamics365: {issuer: %s, lifetimeSeconds: 600}
                """.formatted(ISSUER, ISSUER));
        return new ConfigLoader(Map.of(), io.chatpass.server.vendors.VendorRegistry.sections()).load(file);
    }

    static SigningKeyStore store(Database db, Path dir, MutableClock clock) throws Exception {
        return new SigningKeyStore(db.dataSource(), SecretBox.fromKeyset(Secret.ofUtf8(Files.readString(dir.resolve("keyset.json")))), clock);
    }

    static HttpResponse<String> get(TestServer s, String path, String login) {
        var r = s.request(path);
        if (login != null) r.header("Cookie", "token=" + login);
        return s.send(r);
    }

    /** A verifier as Salesforce runs one: fetches the JWKS when its copy is older than the max-age the answer allowed. */
    static final class CachingVerifier {
        private final TestServer server;
        private final MutableClock clock;
        private JWKSet cached;
        private Instant fetchedAt;
        private long maxAge;
        int fetches;

        CachingVerifier(TestServer server, MutableClock clock) {
            this.server = server;
            this.clock = clock;
        }

        JWKSet keys() throws Exception {
            if (cached == null || !clock.instant().isBefore(fetchedAt.plusSeconds(maxAge))) {
                HttpResponse<String> r = server.get("/.well-known/jwks.json");
                maxAge = Long.parseLong(r.headers().firstValue("Cache-Control").orElseThrow().replaceAll(".*max-age=(\\d+).*", "$1"));
                cached = JWKSet.parse(r.body());
                fetchedAt = clock.instant();
                fetches++;
            }
            return cached;
        }

        /** The kid that signed the token, after checking it against the cached set (fails the test otherwise). */
        String verify(String token) throws Exception {
            SignedJWT jwt = SignedJWT.parse(token);
            RSAKey key = (RSAKey) keys().getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("kid " + jwt.getHeader().getKeyID() + " in the cached key set at " + clock.instant()).isNotNull();
            assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
            return jwt.getHeader().getKeyID();
        }
    }

    /** Verifies a Dynamics token with the public key document as Dynamics reads it (JDK RSA, not the JOSE library). */
    static String verifyDynamics(String doc, String token) throws Exception {
        String[] p = token.split("\\.");
        String kid = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(p[0])).path("kid").asText();
        String pem = doc;
        if (!doc.startsWith("-----BEGIN PUBLIC KEY-----")) {
            pem = null;
            for (JsonNode k : Json.MAPPER.readTree(doc)) {
                if (k.path("kid").asText().equals(kid)) pem = new String(Base64.getDecoder().decode(k.path("publicKey").asText()), StandardCharsets.US_ASCII);
            }
            assertThat(pem).as("kid " + kid + " in " + doc).isNotNull();
        }
        byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----|\\s", ""));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(p[2]))).as("Dynamics token verifies with " + kid).isTrue();
        return kid;
    }

    @Test
    void noKeyIsA503NamingTheCommandAndAKeyMadeLaterIsUsedWithoutARestart(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        String login = Logins.of(LOGIN_SECRET, "u-1").expiresIn(3600).token();
        try (TestServer s = TestServer.start(config(dir), clock)) {
            for (String path : new String[] {"/v1/salesforce/identity", "/v1/dynamics365/identity", "/v1/dynamics365/public-key"}) {
                HttpResponse<String> r = get(s, path, login);
                assertThat(r.statusCode()).as(path).isEqualTo(503);
                JsonNode problem = Json.MAPPER.readTree(r.body());
                assertThat(problem.get("code").asText()).isEqualTo("signing_key_missing");
                assertThat(problem.get("detail").asText()).contains("chatpass keys signing create --alg RS256");
            }
            try (Database db = Database.open(s.app().config().store().settings())) {
                store(db, dir, clock).create(SigningAlgorithm.RS256, 2048);
            }
            clock.advance(Duration.ofSeconds(31)); // the server re-reads keys every 30 s
            HttpResponse<String> ok = get(s, "/v1/salesforce/identity", login);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(get(s, "/v1/dynamics365/public-key", null).body()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        }
    }

    @Test
    void aVerifierCachingTheKeysForTheirMaxAgeNeverFailsAcrossRotateAndRetire(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        ChatpassConfig cfg = config(dir);
        String login = Logins.of(LOGIN_SECRET, "u-2").expiresIn(Duration.ofDays(3).toSeconds()).token();
        try (Database db = Database.open(cfg.store().settings())) {
            SigningKeyStore keys = store(db, dir, clock);
            String first = keys.create(SigningAlgorithm.RS256, 2048).kid();
            try (TestServer s = TestServer.start(cfg, clock)) {
                CachingVerifier salesforce = new CachingVerifier(s, clock);
                Set<String> signers = new HashSet<>();
                Set<String> documentForms = new HashSet<>();
                String second = null;
                boolean retired = false;
                // 26 hours in 2-minute steps (under the 5-minute max-age, so the cache is used): rotate after 1 h, retire the
                // old key once the new one signs
                for (int step = 0; step < 26 * 30; step++) {
                    if (step == 31) { // not a step at which the verifier refetches: its copy is 2 minutes old
                        second = keys.rotate(SigningAlgorithm.RS256, 2048,
                                SigningRoutes.CACHE_AGE.plus(SigningKeyStore.RELOAD_SLACK)).kid();
                    }
                    if (second != null && !retired && signers.contains(second)) {
                        keys.retire(first, SecretRules.MAX_LIFETIME, false);
                        retired = true;
                    }
                    HttpResponse<String> sf = get(s, "/v1/salesforce/identity", login);
                    assertThat(sf.statusCode()).as(sf.body()).isEqualTo(200);
                    signers.add(salesforce.verify(Json.MAPPER.readTree(sf.body()).get("identityToken").asText()));

                    String doc = get(s, "/v1/dynamics365/public-key", null).body();
                    documentForms.add(doc.startsWith("-----BEGIN") ? "pem" : "array");
                    verifyDynamics(doc, Json.MAPPER.readTree(get(s, "/v1/dynamics365/identity", login).body()).get("token").asText());
                    clock.advance(Duration.ofMinutes(2));
                }
                assertThat(signers).as("both keys signed during the run").containsExactlyInAnyOrder(first, second);
                assertThat(retired).isTrue();
                assertThat(documentForms).as("PEM with one key, the kid array while two are published").containsExactlyInAnyOrder("pem", "array");
                assertThat(s.get("/.well-known/jwks.json").body()).as("the old key is gone after its tokens expired")
                        .doesNotContain(first).contains(second);
                assertThat(get(s, "/v1/dynamics365/public-key", null).body()).startsWith("-----BEGIN PUBLIC KEY-----");
                assertThat(salesforce.fetches).as("the verifier used its cache").isLessThan(26 * 30 / 2);
            }
        }
    }
}
