package io.chatpass.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection pool with its schema migrated. SQLite runs in WAL mode with {@code synchronous=FULL}
 * (a committed write survives a crash of the process and of the machine) and immediate transactions (a
 * read-then-write transaction takes the write lock up front instead of failing on upgrade). PostgreSQL is used
 * as it comes. Both get the same versioned migrations.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** How often readiness is probed, and how long a probe may take before the store counts as down. */
    static final long PROBE_EVERY_MILLIS = 500;
    static final long PROBE_SLOW_MILLIS = 750;

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final StoreSettings.Dialect dialect;
    private final SqliteLock sqliteLock;
    private final Thread prober;
    private final java.util.Deque<Runnable> closers = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile boolean lastProbeOk = true;
    private volatile long probeStartedNanos;
    private volatile long lastOkNanos = System.nanoTime();
    private volatile long lastFailureNanos;
    private volatile boolean failureReported;

    private Database(HikariDataSource pool, StoreSettings.Dialect dialect, SqliteLock sqliteLock) {
        this.pool = pool;
        this.dataSource = dialect == StoreSettings.Dialect.SQLITE ? new SerializedWrites(pool) : pool;
        this.dialect = dialect;
        this.sqliteLock = sqliteLock;
        this.prober = Thread.ofPlatform().daemon().name("chatpass-store-probe").start(this::probeLoop);
    }

    /** Opens the store for a short-lived tool (CLI commands, tests): no claim on an SQLite file. */
    public static Database open(StoreSettings settings) {
        return open(settings, false);
    }

    /**
     * Opens the store for a server process. On SQLite the file is locked for the process's life: a second server on
     * the same file is refused (SQLite serves one process; PostgreSQL is the way to run several).
     */
    public static Database openForServing(StoreSettings settings) {
        return open(settings, true);
    }

    private static Database open(StoreSettings settings, boolean exclusive) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("chatpass-store");
        hc.setMaximumPoolSize(settings.poolSize());
        // A request waits at most this long for a connection; past it the store counts as unavailable (503).
        hc.setConnectionTimeout(settings.connectionTimeout().toMillis());
        hc.setValidationTimeout(Math.min(1_000, settings.connectionTimeout().toMillis()));
        SqliteLock lock = null;
        if (settings.dialect() == StoreSettings.Dialect.SQLITE) {
            Path file = settings.sqlitePath().toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw new StoreException("cannot create the folder for the SQLite file " + file.getParent(), e);
            }
            if (exclusive) lock = SqliteLock.acquire(file);
            hc.setJdbcUrl("jdbc:sqlite:" + file
                    + "?journal_mode=WAL&synchronous=FULL&busy_timeout=5000&foreign_keys=on&transaction_mode=IMMEDIATE");
        } else {
            hc.setJdbcUrl(settings.jdbcUrl());
            if (settings.username() != null) hc.setUsername(settings.username());
            if (settings.password() != null) hc.setPassword(settings.password().reveal());
            // Bounded waits on a database that is down or hung, so a request fails fast instead of piling up.
            long seconds = Math.max(1, settings.connectionTimeout().toSeconds());
            hc.addDataSourceProperty("connectTimeout", seconds);
            hc.addDataSourceProperty("loginTimeout", seconds);
            hc.addDataSourceProperty("socketTimeout", 30);
            hc.addDataSourceProperty("tcpKeepAlive", true);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (lock != null) lock.close();
            throw new StoreException("cannot connect to the store (" + settings.dialect() + "): " + rootMessage(e), e);
        }
        try {
            if (settings.migrateOnStart()) migrate(pool, settings.dialect());
            else requireCurrent(pool);
        } catch (RuntimeException e) {
            pool.close();
            if (lock != null) lock.close();
            throw new StoreException("cannot migrate the store schema: " + rootMessage(e), e);
        }
        if (settings.dialect() == StoreSettings.Dialect.SQLITE) logSqliteDurability(pool);
        else logPostgresDurability(pool);
        return new Database(pool, settings.dialect(), lock);
    }

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:io/chatpass/core/store/migration")
                .loggers("slf4j")
                .load();
    }

    /** With migrations left to a release step: refuses a schema this version would have to change. */
    private static void requireCurrent(DataSource ds) {
        int pending = flyway(ds).info().pending().length;
        if (pending > 0) {
            throw new IllegalStateException(pending + " schema migration(s) of this version are not applied and store.migrateOnStart "
                    + "is false; run `chatpass store migrate --config FILE` first (the Helm chart's migration Job does)");
        }
    }

    private static void migrate(DataSource ds, StoreSettings.Dialect dialect) {
        var result = flyway(ds).migrate();
        log.info("store schema at version {} ({} migrations applied, {})", result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted, dialect);
    }

    /** Reads the durability settings back from a live connection, so the log states what is in force, not what was asked. */
    private static void logSqliteDurability(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String journal = firstValue(s, "PRAGMA journal_mode");
            int sync = Integer.parseInt(firstValue(s, "PRAGMA synchronous"));
            String name = switch (sync) {
                case 0 -> "OFF";
                case 1 -> "NORMAL";
                case 2 -> "FULL";
                case 3 -> "EXTRA";
                default -> "?";
            };
            if ("wal".equalsIgnoreCase(journal) && sync >= 2) {
                log.info("store durability: journal_mode={} synchronous={} (an acknowledged write survives a crash)", journal, name);
            } else {
                log.warn("store durability: journal_mode={} synchronous={}: acknowledged writes may be lost in a crash", journal, name);
            }
        } catch (SQLException e) {
            log.warn("store durability settings cannot be read: {}", e.getMessage());
        }
    }

    private static void logPostgresDurability(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String sync = firstValue(s, "SHOW synchronous_commit");
            String fsync = firstValue(s, "SHOW fsync");
            if ("on".equals(fsync) && !"off".equals(sync)) {
                log.info("store durability: synchronous_commit={} fsync={} (an acknowledged write survives a crash)", sync, fsync);
            } else {
                log.warn("store durability: synchronous_commit={} fsync={}: acknowledged writes may be lost in a crash", sync, fsync);
            }
        } catch (SQLException e) {
            log.warn("store durability settings cannot be read: {}", e.getMessage());
        }
    }

    private static String firstValue(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The store's connections; on SQLite, writes made through {@link Jdbc} are queued fairly in this process. */
    /** The connection pool's live counts (active, idle, waiting), for metrics. */
    public com.zaxxer.hikari.HikariPoolMXBean poolState() {
        return pool.getHikariPoolMXBean();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public StoreSettings.Dialect dialect() {
        return dialect;
    }

    /**
     * Readiness without waiting on the store: true when the last background probe succeeded after the last reported
     * failure and no probe has been stuck for longer than {@link #PROBE_SLOW_MILLIS}. Answers at once even while
     * the database is down or hung.
     */
    public boolean isReady() {
        long started = probeStartedNanos;
        if (started != 0 && System.nanoTime() - started > PROBE_SLOW_MILLIS * 1_000_000) return false;
        return lastProbeOk && (!failureReported || lastOkNanos - lastFailureNanos > 0);
    }

    /** A request met a store failure: readiness drops at once, until a probe succeeds again. */
    public void reportFailure() {
        lastFailureNanos = System.nanoTime();
        failureReported = true;
    }

    private void probeLoop() {
        boolean wasOk = true;
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            probeStartedNanos = started;
            boolean ok = probe();
            probeStartedNanos = 0;
            if (ok) lastOkNanos = started; // only a probe begun after a failure clears it
            lastProbeOk = ok;
            if (ok != wasOk) {
                if (ok) log.info("store reachable again");
                else log.warn("store unreachable: answering 503 store_unavailable until it is back");
                wasOk = ok;
            }
            try {
                Thread.sleep(PROBE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean probe() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Runs before the pool closes (last first): what lives as long as the store, such as {@link StoreChanges}. */
    public void onClose(Runnable r) {
        closers.addFirst(r);
    }

    @Override
    public void close() {
        prober.interrupt();
        for (Runnable r : closers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("closing with the store failed: {}", e.toString());
            }
        }
        closers.clear();
        pool.close();
        if (sqliteLock != null) sqliteLock.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
