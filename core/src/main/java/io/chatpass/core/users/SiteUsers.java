package io.chatpass.core.users;

import io.chatpass.core.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The site users Chatpass has seen, and who is blocked. Recording a sighting is an upsert that never clears a
 * block; the caller decides how often to record (a busy user should not cost a write per request).
 */
public final class SiteUsers {
    private final Jdbc jdbc;
    private final DataSource ds;
    private final Clock clock;
    private final String upsertSql;
    private final Pseudonyms pseudonyms;

    /** Without the pseudonym key: blocks kept past an erasure are neither seen nor lifted (tests of other parts). */
    public SiteUsers(DataSource ds, Clock clock) {
        this(ds, clock, null);
    }

    /** @param pseudonyms the audit log's pseudonyms, which name the blocked users that were erased */
    public SiteUsers(DataSource ds, Clock clock, Pseudonyms pseudonyms) {
        this.jdbc = new Jdbc(ds);
        this.ds = ds;
        this.clock = clock;
        this.pseudonyms = pseudonyms;
        // Both dialects speak ON CONFLICT ... DO UPDATE; "excluded" names the proposed row in both.
        this.upsertSql = """
                INSERT INTO site_users (id, email, name, first_seen, last_seen, blocked)
                VALUES (?, ?, ?, ?, ?, FALSE)
                ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, last_seen = excluded.last_seen
                """;
    }

    public void recordSeen(String id, String email, String name) {
        long now = clock.millis();
        jdbc.update(upsertSql, id, email, name, now, now);
    }

    /** Records many sightings in one transaction (one fsync for the lot). */
    void recordSeenAll(java.util.Collection<SightingWriter.Sighting> sightings) {
        jdbc.transaction(c -> {
            try (var ps = c.prepareStatement(upsertSql)) {
                for (SightingWriter.Sighting s : sightings) {
                    ps.setString(1, s.id());
                    ps.setString(2, s.email());
                    ps.setString(3, s.name());
                    ps.setLong(4, s.at());
                    ps.setLong(5, s.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The user's row, or its last-seen time, written first by a transaction that stores something for them. */
    private static final String RECORD_IN_TRANSACTION = """
            INSERT INTO site_users (id, first_seen, last_seen, blocked) VALUES (?, ?, ?, FALSE)
            ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen""";

    /**
     * Writes the user's row in a transaction that stores something for them (a vendor identity, a cached token), first,
     * so that nothing is stored for a user the admin API cannot find and erase. On PostgreSQL the upsert also locks the
     * row, which an erasure deletes first: the two transactions go one after the other.
     */
    public static void recordInTransaction(java.sql.Connection c, String id, long now) throws SQLException {
        Jdbc.update(c, RECORD_IN_TRANSACTION, id, now, now);
    }

    /** {@link #recordInTransaction} for many users in one JDBC batch (imports). */
    public static void recordAllInTransaction(java.sql.Connection c, java.util.Collection<String> ids, long now) throws SQLException {
        try (var ps = c.prepareStatement(RECORD_IN_TRANSACTION)) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.setLong(2, now);
                ps.setLong(3, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<SiteUserRecord> find(String id) {
        return jdbc.one("SELECT * FROM site_users WHERE id = ?", SiteUsers::map, id);
    }

    public boolean isBlocked(String id) {
        return jdbc.one("SELECT blocked FROM site_users WHERE id = ?", rs -> rs.getBoolean(1), id).orElse(false);
    }

    /** The block list's version: it changes in the transaction of every block, unblock and erasure. */
    public long blockListVersion() {
        return jdbc.one("SELECT version FROM block_list_version WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }

    /** The ids of every blocked user, read through the partial index on blocked users. */
    public java.util.Set<String> blockedIds() {
        return java.util.Set.copyOf(jdbc.list("SELECT id FROM site_users WHERE blocked = TRUE", rs -> rs.getString(1)));
    }

    /** The pseudonyms of blocked users who were erased: they stay blocked (see {@link UserAdministration#erase}). */
    public java.util.Set<String> erasedBlocks() {
        return java.util.Set.copyOf(jdbc.list("SELECT pseudonym FROM erased_blocks", rs -> rs.getString(1)));
    }

    /** True when this id's pseudonym is among the given erased blocks (false without the pseudonym key). */
    boolean inErasedBlocks(String id, java.util.Set<String> erased) {
        return pseudonyms != null && !erased.isEmpty() && erased.contains(pseudonyms.of(id));
    }

    /** The scope of the store's changes to who is blocked or who exists ({@link io.chatpass.core.store.StoreChanges}). */
    public static final String BLOCKS_SCOPE = "blocks";
    /** The scope of the store's changes to what is held about one user (the subject is the user's pseudonym). */
    public static final String USER_SCOPE = "user";

    /**
     * Called in the transaction of any change to who is blocked or who exists (a block, an unblock, an erasure): moves
     * the block list's version and records the change; returns its number, for {@link #awaitEverywhere}.
     */
    static long blockListChanged(java.sql.Connection c, long now) throws SQLException {
        Jdbc.update(c, "UPDATE block_list_version SET version = version + 1 WHERE id = 1");
        return io.chatpass.core.store.StoreChanges.record(c, BLOCKS_SCOPE, "*", now);
    }

    /** After the commit: returns once every serving process has the change in force (see StoreChanges#awaitApplied). */
    static void awaitEverywhere(DataSource ds, long seq) {
        io.chatpass.core.store.StoreChanges.awaitApplied(ds, seq);
    }

    /**
     * Blocks a user, creating the record when the user was never seen (so a user can be blocked ahead of their
     * first visit). Audited in the same transaction.
     */
    public void block(String id, String reason, String actor) {
        long now = clock.millis();
        long seq = jdbc.transaction(c -> {
            int n = Jdbc.update(c, "UPDATE site_users SET blocked = TRUE, blocked_at = ?, block_reason = ? WHERE id = ?",
                    now, reason, id);
            if (n == 0) {
                Jdbc.update(c, """
                        INSERT INTO site_users (id, first_seen, last_seen, blocked, blocked_at, block_reason)
                        VALUES (?, ?, ?, TRUE, ?, ?)""", id, now, now, now, reason);
            }
            audit(c, now, actor, "user.block", id, reason);
            return blockListChanged(c, now);
        });
        awaitEverywhere(ds, seq);
    }

    /** Unblocks a user, or lifts the block kept after their erasure; false when no such user or block is known. */
    public boolean unblock(String id, String actor) {
        long now = clock.millis();
        long seq = jdbc.transaction(c -> {
            int n = Jdbc.update(c, "UPDATE site_users SET blocked = FALSE, blocked_at = NULL, block_reason = NULL WHERE id = ?", id);
            if (pseudonyms != null) n += Jdbc.update(c, "DELETE FROM erased_blocks WHERE pseudonym = ?", pseudonyms.of(id));
            if (n == 0) return 0L;
            audit(c, now, actor, "user.unblock", id, null);
            return blockListChanged(c, now);
        });
        if (seq > 0) awaitEverywhere(ds, seq);
        return seq > 0;
    }

    private static void audit(java.sql.Connection c, long now, String actor, String action, String subject, String detail)
            throws SQLException {
        AuditLog.insert(c, now, actor, action, subject, detail);
    }

    static SiteUserRecord map(ResultSet rs) throws SQLException {
        long blockedAt = rs.getLong("blocked_at");
        boolean noBlockedAt = rs.wasNull();
        return new SiteUserRecord(rs.getString("id"), rs.getString("email"), rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("first_seen")), Instant.ofEpochMilli(rs.getLong("last_seen")),
                rs.getBoolean("blocked"), noBlockedAt ? null : Instant.ofEpochMilli(blockedAt), rs.getString("block_reason"));
    }
}
