package io.chatpass.core.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.chatpass.core.signing.SigningKeyStore.StoredKey;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signing keys a running server uses: the stored rows, re-read at most every {@code reloadEvery} (so a key made
 * by the CLI or another process is seen within that time), each private key unsealed once. Which key signs is decided
 * at each signature from the rows and the clock ({@link SigningKeyStore#state}), so all processes switch together.
 */
public final class SigningKeys {
    /** A key ready to sign: its header (alg, typ JWT, kid) serialised once, and its signer. */
    public record ActiveKey(String kid, SigningAlgorithm alg, JWSHeader header, JWSSigner signer) {
        @Override
        public String toString() {
            return "ActiveKey[" + kid + ", " + alg + "]";
        }
    }

    /** No key signs for an algorithm: the operator has not created one (`chatpass keys signing create`). */
    public static final class NoSigningKey extends RuntimeException {
        private final SigningAlgorithm alg;

        public NoSigningKey(SigningAlgorithm alg) {
            super("no " + alg + " signing key; create one with `chatpass keys signing create --alg " + alg + "`");
            this.alg = alg;
        }

        public SigningAlgorithm alg() {
            return alg;
        }
    }

    private record Snapshot(List<StoredKey> rows, long readAt) {
        boolean stale(long now, long reloadMillis) {
            return rows == null || now - readAt >= reloadMillis || now < readAt;
        }
    }

    private final SigningKeyStore store;
    private final Clock clock;
    private final long reloadMillis;
    private final Map<String, ActiveKey> unsealed = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot = new Snapshot(null, 0);

    public SigningKeys(SigningKeyStore store, Clock clock, Duration reloadEvery) {
        this.store = store;
        this.clock = clock;
        this.reloadMillis = reloadEvery.toMillis();
    }

    /** The key that signs for {@code alg} now. */
    public ActiveKey signing(SigningAlgorithm alg) {
        long now = clock.millis();
        StoredKey row = SigningKeyStore.current(alg, rows(now), now).orElseThrow(() -> new NoSigningKey(alg));
        return unsealed.computeIfAbsent(row.kid(), kid -> activate(row));
    }

    /** Whether a key signs for {@code alg} now. */
    public boolean hasKey(SigningAlgorithm alg) {
        long now = clock.millis();
        return SigningKeyStore.current(alg, rows(now), now).isPresent();
    }

    /** The public keys published now (all algorithms, or those given), oldest first; never a private part. */
    public List<JWK> published(SigningAlgorithm... only) {
        long now = clock.millis();
        List<StoredKey> rows = rows(now);
        List<JWK> out = new ArrayList<>();
        for (StoredKey k : rows) {
            if (only.length > 0 && !List.of(only).contains(k.alg())) continue;
            if (SigningKeyStore.state(k, rows, now).published()) out.add(parse(k).toPublicJWK());
        }
        return out;
    }

    /** The published keys as a JWKS document. */
    public JWKSet jwks() {
        return new JWKSet(published());
    }

    /** Published keys with their state and lifetimes, for operators (no key material beyond the public one). */
    public List<Map<String, Object>> describe() {
        long now = clock.millis();
        List<StoredKey> rows = rows(now);
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredKey k : rows) {
            SigningKeyStore.State s = SigningKeyStore.state(k, rows, now);
            if (!s.published()) continue;
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("alg", k.alg().name());
            m.put("state", s.name().toLowerCase(java.util.Locale.ROOT));
            m.put("createdAt", java.time.Instant.ofEpochMilli(k.createdAt()).toString());
            m.put("signsFrom", java.time.Instant.ofEpochMilli(k.signsFrom()).toString());
            if (k.unpublishAt() != null) m.put("unpublishAt", java.time.Instant.ofEpochMilli(k.unpublishAt()).toString());
            out.add(m);
        }
        return out;
    }

    /** Re-reads the rows now (tests, and the CLI after a change). */
    public void reload() {
        snapshot = new Snapshot(store.all(), clock.millis());
    }

    private List<StoredKey> rows(long now) {
        Snapshot s = snapshot;
        if (s.stale(now, reloadMillis)) {
            synchronized (this) {
                s = snapshot;
                if (s.stale(now, reloadMillis)) {
                    s = new Snapshot(store.all(), now);
                    snapshot = s;
                }
            }
        }
        return s.rows();
    }

    private static JWK parse(StoredKey k) {
        try {
            return JWK.parse(k.publicJwk());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("stored public key " + k.kid() + " does not parse", e);
        }
    }

    private ActiveKey activate(StoredKey row) {
        PrivateKey pk = store.privateKey(row);
        try {
            JWSSigner signer = row.alg().rsa() ? new RSASSASigner(pk) : new ECDSASigner((ECPrivateKey) pk);
            JWSHeader header = JWSHeader.parse(new JWSHeader.Builder(row.alg().jws()).type(JOSEObjectType.JWT).keyID(row.kid()).build()
                    .toBase64URL());
            return new ActiveKey(row.kid(), row.alg(), header, signer);
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException("signing key " + row.kid() + " cannot sign", e);
        }
    }

    /** Looks a key up by kid among those published now (for tests and the admin view). */
    public Optional<JWK> find(String kid) {
        return published().stream().filter(j -> kid.equals(j.getKeyID())).findFirst();
    }
}
