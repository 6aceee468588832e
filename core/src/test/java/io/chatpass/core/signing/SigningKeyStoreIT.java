package io.chatpass.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.login.MutableClock;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.SealedColumns;
import io.chatpass.core.store.Stores;
import io.chatpass.core.Secret;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chatpass's own signing keys on a real SQLite store: generation, the published set, rotation and retirement. */
class SigningKeyStoreIT {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final SecretBox box = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.generateKeyset()));

    @Test
    void eachAlgorithmSignsWithItsKeyAndPublishesACertificateOfTheSameKey() throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SigningKeyStore store = new SigningKeyStore(db.dataSource(), box, clock);
            SigningKeys keys = new SigningKeys(store, clock, Duration.ZERO);
            for (SigningAlgorithm alg : SigningAlgorithm.values()) {
                store.create(alg, 2048);
                SignedJWT jwt = SignedJWT.parse(JwtSigner.ownKey("test", keys, alg, Duration.ofMinutes(5), Duration.ofHours(1), clock)
                        .sign(c -> c.subject("user-1")).token());
                JWK published = keys.find(jwt.getHeader().getKeyID()).orElseThrow();
                assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jws());
                assertThat(published.getAlgorithm()).isEqualTo(alg.jws());
                assertThat(published.isPrivate()).isFalse();
                assertThat(jwt.verify(alg.rsa() ? new RSASSAVerifier(published.toRSAKey()) : new ECDSAVerifier(published.toECKey()))).isTrue();
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(published.getX509CertChain().get(0).decode()));
                assertThat(cert.getPublicKey().getEncoded()).as("x5c certifies the JWK's own key")
                        .isEqualTo(alg.rsa() ? published.toRSAKey().toPublicKey().getEncoded() : published.toECKey().toPublicKey().getEncoded());
                cert.verify(cert.getPublicKey()); // self-signed
                cert.checkValidity(java.util.Date.from(clock.instant()));
            }
            assertThat(keys.jwks().toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");
            // The private keys are sealed: the stored column holds no PKCS#8 in the clear, and key rotation sees them.
            assertThat(new SealedColumns(db.dataSource(), box, List.of(SigningKeyStore.SEALED)).countByKey())
                    .containsEntry(box.primaryKeyId(), 3L);
            assertThatThrownBy(() -> store.create(SigningAlgorithm.RS256, 2048)).hasMessageContaining("rotate");
        }
    }

    @Test
    void aRotatedKeyIsPublishedBeforeItSignsAndTheOldOneStaysUntilItsTokensExpire() throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SigningKeyStore store = new SigningKeyStore(db.dataSource(), box, clock);
            SigningKeys keys = new SigningKeys(store, clock, Duration.ZERO);
            assertThatThrownBy(() -> keys.signing(SigningAlgorithm.RS256)).isInstanceOf(SigningKeys.NoSigningKey.class)
                    .hasMessageContaining("keys signing create --alg RS256");
            String first = store.create(SigningAlgorithm.RS256, 2048).kid();
            String second = store.rotate(SigningAlgorithm.RS256, 3072, Duration.ofMinutes(15)).kid();
            assertThat(keys.published()).extracting(JWK::getKeyID).containsExactly(first, second);
            assertThat(keys.signing(SigningAlgorithm.RS256).kid()).isEqualTo(first);
            assertThatThrownBy(() -> store.rotate(SigningAlgorithm.RS256, 2048, Duration.ofMinutes(15))).hasMessageContaining("waiting");

            clock.advance(Duration.ofMinutes(15));
            assertThat(keys.signing(SigningAlgorithm.RS256).kid()).isEqualTo(second);
            assertThat(keys.find(second).orElseThrow().toRSAKey().size()).isEqualTo(3072);
            assertThatThrownBy(() -> store.retire(second, Duration.ofHours(1), false)).hasMessageContaining("signing key");

            Instant until = store.retire(first, Duration.ofHours(1), false);
            assertThat(until).isEqualTo(clock.instant().plus(Duration.ofHours(1)).plus(SigningKeyStore.RELOAD_SLACK));
            clock.advance(Duration.ofMinutes(30));
            assertThat(keys.published()).extracting(JWK::getKeyID).containsExactly(first, second);
            clock.advance(Duration.ofMinutes(31));
            assertThat(keys.published()).extracting(JWK::getKeyID).containsExactly(second);
            assertThat(keys.signing(SigningAlgorithm.RS256).kid()).isEqualTo(second);
        }
    }

    @Test
    void aLeakedKeyIsReplacedAtOnceAndUnpublishedNow() throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SigningKeyStore store = new SigningKeyStore(db.dataSource(), box, clock);
            SigningKeys keys = new SigningKeys(store, clock, Duration.ZERO);
            String leaked = store.create(SigningAlgorithm.ES256, 0).kid();
            clock.advance(Duration.ofSeconds(1));
            String fresh = store.rotate(SigningAlgorithm.ES256, 0, Duration.ZERO).kid();
            assertThat(keys.signing(SigningAlgorithm.ES256).kid()).isEqualTo(fresh);
            store.retire(leaked, Duration.ofHours(24), true);
            assertThat(keys.published()).extracting(JWK::getKeyID).containsExactly(fresh);
            assertThatThrownBy(() -> store.retire(leaked, Duration.ofHours(1), false)).hasMessageContaining("already retired");
            assertThatThrownBy(() -> KeyMaterial.generate(SigningAlgorithm.RS256, 1024, clock.instant())).hasMessageContaining("2048 or 3072");
        }
    }

    @Test
    void aNewKeyReachesAnotherProcessWithinItsReloadInterval() throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SigningKeyStore store = new SigningKeyStore(db.dataSource(), box, clock);
            SigningKeys other = new SigningKeys(new SigningKeyStore(db.dataSource(), box, clock), clock, Duration.ofSeconds(30));
            assertThat(other.hasKey(SigningAlgorithm.RS512)).isFalse();
            store.create(SigningAlgorithm.RS512, 2048);
            assertThat(other.hasKey(SigningAlgorithm.RS512)).as("still its cached rows").isFalse();
            clock.advance(Duration.ofSeconds(30));
            assertThat(other.hasKey(SigningAlgorithm.RS512)).isTrue();
        }
    }
}
