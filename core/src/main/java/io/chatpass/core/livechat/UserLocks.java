package io.chatpass.core.livechat;

import io.chatpass.core.store.StoreException;
import io.chatpass.core.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Serialises per-user work across processes. On PostgreSQL the work runs in one transaction holding a
 * transaction-scoped advisory lock on the (account, user) key, so two server processes never create two customers
 * for one user; its writes commit before the lock is released. SQLite is one process by design (the broker's
 * in-process single-flight already serialises per user), so the work just gets a connection.
 */
final class UserLocks {
    interface Work<T> {
        T run(Connection c) throws SQLException, LiveChatException;
    }

    private final DataSource ds;
    private final StoreSettings.Dialect dialect;

    UserLocks(DataSource ds, StoreSettings.Dialect dialect) {
        this.ds = ds;
        this.dialect = dialect;
    }

    <T> T run(String key, Work<T> work) throws LiveChatException {
        try (Connection c = ds.getConnection()) {
            if (dialect != StoreSettings.Dialect.POSTGRESQL) return work.run(c);
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, hash(key));
                    ps.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | LiveChatException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store failed during per-user work", e);
        }
    }

    static long hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
