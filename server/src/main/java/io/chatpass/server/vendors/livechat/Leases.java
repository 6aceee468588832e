package io.chatpass.server.vendors.livechat;

import io.chatpass.core.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The livechat_leases table: at most one holder per (site user, account), across every process sharing the store.
 * Taking, renewing and ending a lease are single statements in autocommit, so no connection is held while the
 * holder waits on LiveChat. An expired lease (its holder crashed or stalled) is taken over atomically.
 */
final class Leases {
    private final Jdbc jdbc;
    private final String account;

    Leases(DataSource ds, String account) {
        this.jdbc = new Jdbc(ds);
        this.account = account;
    }

    /** True when {@code owner} now holds the user's lease until {@code now + ttl}. */
    boolean tryAcquire(String user, String owner, long now, Duration ttl) {
        return jdbc.update("""
                INSERT INTO livechat_leases (site_user_id, account, owner, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (site_user_id, account) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE livechat_leases.expires_at < ?""", user, account, owner, now + ttl.toMillis(), now) == 1;
    }

    /** Ends the lease inside the caller's transaction; false when it was no longer ours (expired and taken over). */
    boolean end(Connection c, String user, String owner) throws SQLException {
        return Jdbc.update(c, "DELETE FROM livechat_leases WHERE site_user_id = ? AND account = ? AND owner = ?",
                user, account, owner) == 1;
    }

    /** Ends the lease if still ours; used after a failure, when there is nothing to write. */
    void release(String user, String owner) {
        jdbc.update("DELETE FROM livechat_leases WHERE site_user_id = ? AND account = ? AND owner = ?", user, account, owner);
    }
}
