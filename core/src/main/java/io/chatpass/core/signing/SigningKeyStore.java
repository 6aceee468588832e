package io.chatpass.core.signing;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.SealedColumn;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Chatpass's signing keys in the store, and their life: created (published), signing, previous (published, no longer
 * signing), retiring (published until the tokens it signed have expired), gone. The state of a key is a function of
 * its row and the time, so every process sees the same key sign at the same moment without telling each other.
 *
 * <p>A rotation publishes the new key {@code publishBefore} ahead of its first signature, long enough for every
 * verifier that caches the key set (its Cache-Control age) to have fetched it; the previous key stops signing at
 * that moment and stays published until it is retired.
 */
public final class SigningKeyStore {
    /** The private key column: key rotation of the store's keyset counts and re-seals it like any other. */
    public static final SealedColumn SEALED = new SealedColumn("signing_keys", "private_sealed", List.of("kid"),
            k -> "signing_keys.private_sealed:" + k.get(0));
    /** How late a process may still sign with a key that stopped signing: its cache of the rows is this old at most. */
    public static final Duration RELOAD_SLACK = Duration.ofMinutes(1);

    /** Where a key is in its life at a moment. */
    public enum State {
        /** published, signs later (a rotation's new key) */
        NEXT,
        /** published and signing for its algorithm */
        SIGNING,
        /** published, no longer signing; tokens it signed may still be in use */
        PREVIOUS,
        /** retired: published until the time shown, then gone */
        RETIRING,
        /** no longer published */
        GONE;

        public boolean published() {
            return this != GONE;
        }
    }

    /** A stored key without its private half. */
    public record StoredKey(String kid, SigningAlgorithm alg, String publicJwk, long createdAt, long signsFrom, Long unpublishAt) {
    }

    private final Jdbc jdbc;
    private final SecretBox box;
    private final Clock clock;

    public SigningKeyStore(DataSource ds, SecretBox box, Clock clock) {
        this.jdbc = new Jdbc(ds);
        this.box = box;
        this.clock = clock;
    }

    /** Every key, oldest first. */
    public List<StoredKey> all() {
        return jdbc.list("SELECT kid, alg, public_jwk, created_at, signs_from, unpublish_at FROM signing_keys ORDER BY created_at, signs_from, kid",
                rs -> {
                    long u = rs.getLong(6);
                    Long unpublishAt = rs.wasNull() ? null : u;
                    return new StoredKey(rs.getString(1), SigningAlgorithm.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), unpublishAt);
                });
    }

    /** The first key of an algorithm: it signs at once. Refused when the algorithm already has a key (rotate it instead). */
    public StoredKey create(SigningAlgorithm alg, int rsaBits) {
        long now = clock.millis();
        List<StoredKey> all = all();
        if (current(alg, all, now).isPresent() || all.stream().anyMatch(k -> k.alg() == alg && state(k, all, now) == State.NEXT)) {
            throw new IllegalStateException(alg + " already has a signing key; use rotate to replace it");
        }
        return insert(alg, rsaBits, now, now);
    }

    /**
     * A new key for an algorithm that has one: published now, signing {@code publishBefore} later (zero: at once,
     * for a key that must stop signing now).
     */
    public StoredKey rotate(SigningAlgorithm alg, int rsaBits, Duration publishBefore) {
        long now = clock.millis();
        List<StoredKey> all = all();
        Optional<StoredKey> current = current(alg, all, now);
        if (current.isEmpty()) throw new IllegalStateException(alg + " has no signing key yet; create one first");
        if (all.stream().anyMatch(k -> k.alg() == alg && state(k, all, now) == State.NEXT)) {
            throw new IllegalStateException(alg + " already has a key waiting to sign; retire it or wait until it signs");
        }
        if (publishBefore.isNegative()) throw new IllegalArgumentException("publish-before must not be negative");
        // Strictly after the current key's start, so the new key wins even when both were made in the same millisecond.
        return insert(alg, rsaBits, now, Math.max(now + publishBefore.toMillis(), current.get().signsFrom() + 1));
    }

    /**
     * Retires a key. A key that signed is unpublished once every token it signed has expired: {@code maxTokenLifetime}
     * (plus {@link #RELOAD_SLACK}) after it stopped signing; a key that never signed, at once. {@code immediately}
     * unpublishes it now whatever it signed (a leaked key): tokens it signed stop verifying.
     *
     * @return when the key leaves the published set
     */
    public Instant retire(String kid, Duration maxTokenLifetime, boolean immediately) {
        long now = clock.millis();
        List<StoredKey> all = all();
        StoredKey key = all.stream().filter(k -> k.kid().equals(kid)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no signing key " + kid));
        State s = state(key, all, now);
        if (s == State.GONE || s == State.RETIRING) throw new IllegalStateException("key " + kid + " is already retired");
        long until;
        if (immediately || s == State.NEXT) {
            until = now;
        } else if (s == State.SIGNING) {
            throw new IllegalStateException("key " + kid + " is the " + key.alg() + " signing key; rotate first (or retire it --now if it leaked)");
        } else {
            long stopped = stoppedSigning(key, all).orElse(now);
            until = Math.max(now, stopped + maxTokenLifetime.toMillis() + RELOAD_SLACK.toMillis());
        }
        jdbc.update("UPDATE signing_keys SET unpublish_at = ? WHERE kid = ?", until, kid);
        return Instant.ofEpochMilli(until);
    }

    /** The private key of a stored key, unsealed. */
    public PrivateKey privateKey(StoredKey key) {
        String sealed = jdbc.one("SELECT private_sealed FROM signing_keys WHERE kid = ?", rs -> rs.getString(1), key.kid())
                .orElseThrow(() -> new IllegalStateException("signing key " + key.kid() + " is gone"));
        String pkcs8 = box.open(Base64.getDecoder().decode(sealed), SEALED.context().apply(List.of(key.kid())));
        return KeyMaterial.privateKey(key.alg(), Base64.getDecoder().decode(pkcs8));
    }

    /** The key that signs for an algorithm at {@code t}: the latest to start signing among those not retired. */
    public static Optional<StoredKey> current(SigningAlgorithm alg, List<StoredKey> all, long t) {
        return all.stream().filter(k -> k.alg() == alg && k.unpublishAt() == null && k.signsFrom() <= t)
                .max(Comparator.comparingLong(StoredKey::signsFrom).thenComparingLong(StoredKey::createdAt));
    }

    public static State state(StoredKey key, List<StoredKey> all, long t) {
        if (key.unpublishAt() != null) return key.unpublishAt() > t ? State.RETIRING : State.GONE;
        if (key.signsFrom() > t) return State.NEXT;
        return current(key.alg(), all, t).filter(c -> c.kid().equals(key.kid())).isPresent() ? State.SIGNING : State.PREVIOUS;
    }

    /** When a key stopped signing: when the first key of its algorithm after it started to. */
    private static Optional<Long> stoppedSigning(StoredKey key, List<StoredKey> all) {
        return all.stream().filter(k -> k.alg() == key.alg() && k.signsFrom() > key.signsFrom()).map(StoredKey::signsFrom)
                .min(Long::compare);
    }

    private StoredKey insert(SigningAlgorithm alg, int rsaBits, long now, long signsFrom) {
        KeyMaterial m = KeyMaterial.generate(alg, rsaBits, Instant.ofEpochMilli(now));
        String sealed = Base64.getEncoder().encodeToString(box.seal(Base64.getEncoder().encodeToString(m.privatePkcs8()),
                SEALED.context().apply(List.of(m.kid()))));
        String jwk = m.publicJwk().toJSONString();
        jdbc.update("INSERT INTO signing_keys (kid, alg, public_jwk, private_sealed, created_at, signs_from) VALUES (?, ?, ?, ?, ?, ?)",
                m.kid(), alg.name(), jwk, sealed, now, signsFrom);
        return new StoredKey(m.kid(), alg, jwk, now, signsFrom, null);
    }
}
