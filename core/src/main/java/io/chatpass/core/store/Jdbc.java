package io.chatpass.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

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
        List<T> all = list(sql, mapper, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = ds.getConnection()) {
            return list(c, sql, mapper, args);
        } catch (SQLException e) {
            throw new StoreException("store read failed", e);
        }
    }

    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        }
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
