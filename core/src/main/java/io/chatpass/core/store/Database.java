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

    private final HikariDataSource pool;
    private final StoreSettings.Dialect dialect;

    private Database(HikariDataSource pool, StoreSettings.Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    public static Database open(StoreSettings settings) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("chatpass-store");
        hc.setMaximumPoolSize(settings.poolSize());
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        if (settings.dialect() == StoreSettings.Dialect.SQLITE) {
            Path file = settings.sqlitePath().toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (java.io.IOException e) {
                throw new StoreException("cannot create the folder for the SQLite file " + file.getParent(), e);
            }
            hc.setJdbcUrl("jdbc:sqlite:" + file
                    + "?journal_mode=WAL&synchronous=FULL&busy_timeout=10000&foreign_keys=on&transaction_mode=IMMEDIATE");
        } else {
            hc.setJdbcUrl(settings.jdbcUrl());
            if (settings.username() != null) hc.setUsername(settings.username());
            if (settings.password() != null) hc.setPassword(settings.password().reveal());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the store (" + settings.dialect() + "): " + rootMessage(e), e);
        }
        try {
            migrate(pool, settings.dialect());
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the store schema: " + rootMessage(e), e);
        }
        return new Database(pool, settings.dialect());
    }

    private static void migrate(DataSource ds, StoreSettings.Dialect dialect) {
        var result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:io/chatpass/core/store/migration")
                .loggers("slf4j")
                .load()
                .migrate();
        log.info("store schema at version {} ({} migrations applied, {})", result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted, dialect);
    }

    public DataSource dataSource() {
        return pool;
    }

    public StoreSettings.Dialect dialect() {
        return dialect;
    }

    /** True when a connection answers a trivial query within a second. */
    public boolean isReady() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            log.warn("store not ready: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
