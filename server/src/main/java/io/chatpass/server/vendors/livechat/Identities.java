package io.chatpass.server.vendors.livechat;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.CoherentCache;
import io.chatpass.core.store.Jdbc;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The livechat_identities table: secrets sealed per row and column, opened only here. */
final class Identities {
    /** The associated data of a sealed column ("cst" or "token") of a row: the one definition, used to seal and re-seal. */
    static String context(String account, String siteUserId, String column) {
        return "livechat_identities:" + account + ":" + siteUserId + ":" + column;
    }

    /**
     * What LiveChat keeps per user in the store: the customer, its secret and last access token (sealed); the leases
     * of a user go with an erasure. An export shows the customer id and times, never a secret.
     */
    static final io.chatpass.core.users.UserData DATA = io.chatpass.core.users.UserData.builder("livechat", "livechat_identities")
            .label("customers stored")
            .alsoErase("livechat_leases")
            .export("""
                    SELECT account, entity_id, created_at, updated_at, token_sealed IS NOT NULL FROM livechat_identities
                    WHERE site_user_id = ? ORDER BY account""", rs -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("account", rs.getString(1));
                m.put("customerId", rs.getString(2));
                m.put("createdAt", java.time.Instant.ofEpochMilli(rs.getLong(3)).toString());
                m.put("updatedAt", java.time.Instant.ofEpochMilli(rs.getLong(4)).toString());
                m.put("accessTokenCached", rs.getBoolean(5));
                return m;
            })
            .sealed(new io.chatpass.core.store.SealedColumn("livechat_identities", "cst_sealed", java.util.List.of("site_user_id", "account"),
                    k -> context(k.get(1), k.get(0), "cst")))
            .sealed(new io.chatpass.core.store.SealedColumn("livechat_identities", "token_sealed", java.util.List.of("site_user_id", "account"),
                    k -> context(k.get(1), k.get(0), "token")))
            .build();

    /**
     * A user's stored identity. The customer secret is opened only when asked for (a refresh): serving a cached
     * access token, the common case, decrypts one value instead of two.
     */
    record Row(String entityId, java.util.function.Supplier<String> cstOpener, String accessToken, String tokenType,
               Long createdAt, Long expiresIn) {
        String cst() {
            return cstOpener.get();
        }

        boolean tokenUsable(long now, long marginMillis) {
            return accessToken != null && createdAt != null && now < createdAt + expiresIn - marginMillis;
        }

        @Override
        public String toString() {
            return "Row[entityId=" + entityId + "]";
        }
    }

    private final String account;
    private final SecretBox box;

    Identities(String account, SecretBox box) {
        this.account = account;
        this.box = box;
    }

    private String ctx(String user, String column) {
        return context(account, user, column);
    }

    private String seal(String value, String user, String column) {
        return Base64.getEncoder().encodeToString(box.seal(value, ctx(user, column)));
    }

    private String open(String sealed, String user, String column) {
        return sealed == null ? null : box.open(Base64.getDecoder().decode(sealed), ctx(user, column));
    }

    /**
     * A user's row as stored, its secrets still sealed, with the store's change counter read in the same statement
     * (what {@link io.chatpass.core.store.CoherentCache} needs to hold it).
     */
    record Sealed(String entityId, String cstSealed, String tokenSealed, String tokenType, Long createdAt, Long expiresIn,
                  long changeSeq) {
        boolean tokenUsable(long now, long marginMillis) {
            return tokenSealed != null && createdAt != null && now < createdAt + expiresIn - marginMillis;
        }


        @Override
        public String toString() {
            return "Sealed[entityId=" + entityId + "]";
        }
    }

    Optional<Sealed> findSealed(Connection c, String user) throws SQLException {
        return Jdbc.one(c, """
                SELECT entity_id, cst_sealed, token_sealed, token_type, token_created_at, token_expires_in,
                    (SELECT seq FROM store_change_counter WHERE id = 1)
                FROM livechat_identities WHERE site_user_id = ? AND account = ?""", rs -> {
            long created = rs.getLong(5);
            Long createdAt = rs.wasNull() ? null : created;
            long exp = rs.getLong(6);
            Long expiresIn = rs.wasNull() ? null : exp;
            return new Sealed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), createdAt, expiresIn, rs.getLong(7));
        }, user, account);
    }

    /**
     * What the getToken cache holds of a row with a usable token: the token still sealed; not the customer secret,
     * which only a refresh needs, and a refresh reads the store. Held packed ({@link #CODEC}): ~110 bytes a row.
     */
    static final class Held {
        final String entityId;
        final byte[] tokenSealed;
        final String tokenType;
        final long createdAt;
        final long expiresIn;

        Held(Sealed s) {
            this(s.entityId(), Base64.getDecoder().decode(s.tokenSealed()), s.tokenType(), s.createdAt(), s.expiresIn());
        }

        private Held(String entityId, byte[] tokenSealed, String tokenType, long createdAt, long expiresIn) {
            this.entityId = entityId;
            this.tokenSealed = tokenSealed;
            this.tokenType = "Bearer".equals(tokenType) ? "Bearer" : tokenType;
            this.createdAt = createdAt;
            this.expiresIn = expiresIn;
        }

        boolean tokenUsable(long now, long marginMillis) {
            return now < createdAt + expiresIn - marginMillis;
        }

        @Override
        public String toString() {
            return "Held[entityId=" + entityId + "]";
        }
    }

    /**
     * The largest row held (with the cache's 2-byte length and 8-byte key, 154 bytes a slot): 34 bytes of times, type
     * and a UUID entity id, and a sealed token of up to 110 bytes, which is a token of up to 77 characters (the
     * demo's are 52; LiveChat's documented form is {@code dal:} and a few dozen characters). A larger row is not held.
     */
    static final int HELD_BYTES = 144;
    /** The entity id's length byte when the id is a canonical lower-case UUID, held as its 16 bytes. */
    private static final int UUID_ENTITY = 0xff;

    /**
     * A held row as bytes: createdAt, expiresIn (8 each), the token type (0 for "Bearer", else its length and UTF-8),
     * the entity id ({@link #UUID_ENTITY} and 16 bytes, or its length and UTF-8), the sealed token (the rest).
     */
    static final CoherentCache.Codec<Held> CODEC = new CoherentCache.Codec<>() {
        @Override
        public byte[] encode(Held h) {
            byte[] type = "Bearer".equals(h.tokenType) ? new byte[0] : h.tokenType.getBytes(UTF_8);
            UUID uuid = canonicalUuid(h.entityId);
            byte[] entity = uuid != null ? null : h.entityId.getBytes(UTF_8);
            if (type.length > 254 || (entity != null && entity.length > 254)) return null;
            ByteBuffer b = ByteBuffer.allocate(16 + 1 + type.length + 1 + (entity == null ? 16 : entity.length)
                    + h.tokenSealed.length);
            b.putLong(h.createdAt).putLong(h.expiresIn);
            b.put((byte) type.length).put(type);
            if (entity == null) {
                b.put((byte) UUID_ENTITY).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            } else {
                b.put((byte) entity.length).put(entity);
            }
            return b.put(h.tokenSealed).array();
        }

        @Override
        public Held decode(byte[] bytes, int offset, int length) {
            ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
            long createdAt = b.getLong();
            long expiresIn = b.getLong();
            int typeLength = b.get() & 0xff;
            String type = typeLength == 0 ? "Bearer" : new String(bytes, b.position(), typeLength, UTF_8);
            b.position(b.position() + typeLength);
            int entityLength = b.get() & 0xff;
            String entity;
            if (entityLength == UUID_ENTITY) {
                entity = new UUID(b.getLong(), b.getLong()).toString();
            } else {
                entity = new String(bytes, b.position(), entityLength, UTF_8);
                b.position(b.position() + entityLength);
            }
            byte[] token = new byte[b.remaining()];
            b.get(token);
            return new Held(entity, token, type, createdAt, expiresIn);
        }
    };

    /** The id as a UUID when it is one written the way {@link UUID#toString()} writes it, else null. */
    private static UUID canonicalUuid(String id) {
        if (id.length() != 36) return null;
        try {
            UUID u = UUID.fromString(id);
            return u.toString().equals(id) ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    Optional<Row> find(Connection c, String user) throws SQLException {
        return findSealed(c, user).map(s -> open(user, s));
    }

    /** Opens a held row's token. */
    Row open(String user, Held h) {
        return new Row(h.entityId, () -> {
            throw new IllegalStateException("the customer secret is not held here; read the store");
        }, box.open(h.tokenSealed, ctx(user, "token")), h.tokenType, h.createdAt, h.expiresIn);
    }

    /** Opens a sealed row's token (and, when asked, its customer secret). */
    Row open(String user, Sealed s) {
        String cstSealed = s.cstSealed();
        return new Row(s.entityId(), () -> {
            if (cstSealed == null) throw new IllegalStateException("the customer secret is not held here; read the store");
            return open(cstSealed, user, "cst");
        }, open(s.tokenSealed(), user, "token"), s.tokenType(), s.createdAt(), s.expiresIn());
    }

    /** Inserts the user's first identity; false (nothing written) when the user already has one. */
    boolean insertIfAbsent(Connection c, String user, AccountsClient.Grant g, long now) throws SQLException {
        return Jdbc.update(c, """
                INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type,
                    token_created_at, token_expires_in, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (site_user_id, account) DO NOTHING""",
                user, account, g.entityId(), seal(g.cst(), user, "cst"), seal(g.accessToken(), user, "token"), g.tokenType(),
                now, g.expiresInSeconds() * 1000, now, now) == 1;
    }

    /** Inserts many identities in one JDBC batch (imports); users who have one keep it; the caller commits. */
    int insertAll(Connection c, Map<String, AccountsClient.Grant> byUser, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type,
                    token_created_at, token_expires_in, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (site_user_id, account) DO NOTHING""")) {
            for (var e : byUser.entrySet()) {
                String user = e.getKey();
                AccountsClient.Grant g = e.getValue();
                ps.setString(1, user);
                ps.setString(2, account);
                ps.setString(3, g.entityId());
                ps.setString(4, seal(g.cst(), user, "cst"));
                ps.setString(5, seal(g.accessToken(), user, "token"));
                ps.setString(6, g.tokenType());
                ps.setLong(7, now);
                ps.setLong(8, g.expiresInSeconds() * 1000);
                ps.setLong(9, now);
                ps.setLong(10, now);
                ps.addBatch();
            }
            int stored = 0;
            for (int n : ps.executeBatch()) stored += n > 0 ? n : (n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0);
            return stored;
        }
    }

    /** Replaces the identity (after a recreate), the rotated cookie secret and the token. */
    void update(Connection c, String user, AccountsClient.Grant g, long now) throws SQLException {
        Jdbc.update(c, """
                UPDATE livechat_identities SET entity_id = ?, cst_sealed = ?, token_sealed = ?, token_type = ?,
                    token_created_at = ?, token_expires_in = ?, updated_at = ? WHERE site_user_id = ? AND account = ?""",
                g.entityId(), seal(g.cst(), user, "cst"), seal(g.accessToken(), user, "token"), g.tokenType(), now,
                g.expiresInSeconds() * 1000, now, user, account);
    }

    /** Drops the cached token; the identity (and so the history) stays. */
    int clearToken(Connection c, String user, long now) throws SQLException {
        return Jdbc.update(c, """
                UPDATE livechat_identities SET token_sealed = NULL, token_type = NULL, token_created_at = NULL,
                    token_expires_in = NULL, updated_at = ? WHERE site_user_id = ? AND account = ?""", now, user, account);
    }
}
