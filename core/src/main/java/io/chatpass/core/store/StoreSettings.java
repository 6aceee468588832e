package io.chatpass.core.store;

import io.chatpass.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the store lives: an SQLite file, or a JDBC URL (PostgreSQL). Exactly one of {@code sqlitePath} and
 * {@code jdbcUrl} is set.
 *
 * @param connectionTimeout how long a request waits for a connection before the store counts as unavailable
 * @param migrateOnStart    bring the schema up to date when the store is opened (true by default); false only checks
 *                          that it is, for deployments that migrate once per release ({@code chatpass store migrate})
 */
public record StoreSettings(Path sqlitePath, String jdbcUrl, String username, Secret password, int poolSize,
                            Duration connectionTimeout, boolean migrateOnStart) {
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public StoreSettings {
        connectionTimeout = Objects.requireNonNullElse(connectionTimeout, DEFAULT_CONNECTION_TIMEOUT);
    }

    public static StoreSettings sqlite(Path path) {
        return new StoreSettings(path, null, null, null, DEFAULT_POOL_SIZE, null, true);
    }

    public static StoreSettings jdbc(String url, String username, Secret password) {
        return new StoreSettings(null, url, username, password, DEFAULT_POOL_SIZE, null, true);
    }

    public StoreSettings withPoolSize(int size) {
        return new StoreSettings(sqlitePath, jdbcUrl, username, password, size, connectionTimeout, migrateOnStart);
    }

    public StoreSettings withMigrateOnStart(boolean migrate) {
        return new StoreSettings(sqlitePath, jdbcUrl, username, password, poolSize, connectionTimeout, migrate);
    }

    public Dialect dialect() {
        return sqlitePath != null ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    public enum Dialect { SQLITE, POSTGRESQL }
}
