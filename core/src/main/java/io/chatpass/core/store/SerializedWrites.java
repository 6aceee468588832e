package io.chatpass.core.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The SQLite store's DataSource: reads go straight to the pool (WAL lets them run beside a write); writes take one
 * fair in-process lock first, then a connection. SQLite admits one writer at a time, and its own busy handler makes
 * waiting writers sleep and retry, unfairly: under a burst of writes some waited out the whole busy timeout (10 s)
 * while others went ahead. Queued here instead, writers go in arrival order, without holding a connection while
 * they wait. One process per SQLite file is enforced at start ({@link SqliteLock}), so this lock is the only one.
 */
final class SerializedWrites implements DataSource {
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final DataSource pool;
    private final ReentrantLock lock = new ReentrantLock(true);

    SerializedWrites(DataSource pool) {
        this.pool = pool;
    }

    /** The write lock of this data source, or null when the database serialises writers itself (PostgreSQL). */
    static ReentrantLock lockOf(DataSource ds) {
        return ds instanceof SerializedWrites s ? s.lock : null;
    }

    /** Takes the write lock, or fails as "store unavailable" after {@link #MAX_WAIT}. */
    static void acquire(ReentrantLock lock) {
        try {
            if (!lock.tryLock(MAX_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new StoreException("store busy", new java.sql.SQLTransientException("no write turn within " + MAX_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for the store", new java.sql.SQLTransientException("interrupted"));
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || pool.isWrapperFor(iface);
    }
}
