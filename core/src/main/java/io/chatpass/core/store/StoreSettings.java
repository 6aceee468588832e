package io.chatpass.core.store;

import io.chatpass.core.Secret;
import java.nio.file.Path;

/**
 * Where the store lives: an SQLite file, or a JDBC URL (PostgreSQL). Exactly one of {@code sqlitePath} and
 * {@code jdbcUrl} is set.
 */
public record StoreSettings(Path sqlitePath, String jdbcUrl, String username, Secret password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 8;

    public static StoreSettings sqlite(Path path) {
        return new StoreSettings(path, null, null, null, DEFAULT_POOL_SIZE);
    }

    public static StoreSettings jdbc(String url, String username, Secret password) {
        return new StoreSettings(null, url, username, password, DEFAULT_POOL_SIZE);
    }

    public Dialect dialect() {
        return sqlitePath != null ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    public enum Dialect { SQLITE, POSTGRESQL }
}
