package io.chatpass.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.sqlite.SQLiteConnection;

/** Small helpers so repositories read as SQL, not as JDBC ceremony. Every failure becomes a StoreException. */
public final class Jdbc {
    private final DataSource ds;

    public Jdbc(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    @FunctionalInterface
    public interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    public int update(String sql, Object... args) {
        ReentrantLock lock = SerializedWrites.lockOf(ds);
        if (lock != null) SerializedWrites.acquire(lock);
        try (Connection c = ds.getConnection()) {
            return update(c, sql, args);
        } catch (SQLException e) {
            throw new StoreException("store write failed", e);
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = ds.getConnection()) {
            return one(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = ds.getConnection()) {
            return list(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        return query(c, sql, mapper, Integer.MAX_VALUE, args);
    }

    /**
     * The first row a query returns, if any, mapped; the rest are not read (closing the result set ends the read, so
     * no snapshot is held: KeptStatementsIT). For a lookup by key this saves the driver a second step through the store
     * only to learn there is no other row (measurable on SQLite's getToken read).
     */
    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = query(c, sql, mapper, 1, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, int atMost, Object... args) throws SQLException {
        PreparedStatement kept = keptStatement(c, sql);
        try (PreparedStatement own = kept == null ? c.prepareStatement(sql) : null) {
            PreparedStatement ps = kept != null ? kept : own;
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (out.size() < atMost && rs.next()) out.add(mapper.map(rs));
                return out;
            } finally {
                if (kept != null) kept.clearParameters();
            }
        } catch (SQLException | RuntimeException e) {
            // A statement that failed (a schema change under it, a busy store) is not trusted again: the next read
            // prepares a new one (the driver can leave a failed statement unusable: "statement is not executing").
            if (kept != null) forget(c, sql, kept);
            throw e;
        }
    }

    private static void forget(Connection c, String sql, PreparedStatement ps) {
        try {
            Map<String, PreparedStatement> kept = SQLITE_STATEMENTS.getIfPresent(c.unwrap(SQLiteConnection.class));
            if (kept != null) kept.remove(sql, ps);
            ps.close();
        } catch (SQLException ignored) {
            // closing a broken statement of a broken connection: the pool discards the connection
        }
    }

    /**
     * SQLite's prepared read statements, kept per physical connection and reused: SQLite parses the SQL again on every
     * prepare (15% of the CPU of a cached token read, async-profiler), and neither the driver nor HikariCP
     * keeps statements. PostgreSQL's driver keeps its own (server-side prepared after a few uses). A connection's
     * statements are used only by the thread holding the connection; the table forgets a connection the pool has
     * dropped (weak keys). At most {@link #KEPT_PER_CONNECTION} texts per connection: a query built at run time
     * beyond that is prepared and closed as before.
     */
    private static final Cache<Connection, Map<String, PreparedStatement>> SQLITE_STATEMENTS =
            Caffeine.newBuilder().weakKeys().build();
    private static final int KEPT_PER_CONNECTION = 64;

    private static PreparedStatement keptStatement(Connection c, String sql) throws SQLException {
        if (!c.isWrapperFor(SQLiteConnection.class)) return null;
        Connection physical = c.unwrap(SQLiteConnection.class);
        Map<String, PreparedStatement> kept = SQLITE_STATEMENTS.get(physical, k -> new HashMap<>());
        PreparedStatement ps = kept.get(sql);
        if (ps != null && !ps.isClosed()) return ps;
        if (kept.size() >= KEPT_PER_CONNECTION) return null;
        ps = physical.prepareStatement(sql);
        kept.put(sql, ps);
        return ps;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(InTransaction<T> work) {
        ReentrantLock lock = SerializedWrites.lockOf(ds);
        if (lock != null) SerializedWrites.acquire(lock);
        try {
            return inTransaction(work);
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    private <T> T inTransaction(InTransaction<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // a broken connection: the pool discards it; the original failure is what matters
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store transaction failed", e);
        }
    }

    /** A rollback that fails (the connection is already gone) must not hide why the transaction failed. */
    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Boolean b) ps.setBoolean(i + 1, b);
            else ps.setObject(i + 1, a);
        }
    }
}
