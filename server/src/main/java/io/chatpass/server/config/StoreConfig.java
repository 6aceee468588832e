package io.chatpass.server.config;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import io.chatpass.core.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The store: an SQLite file (default) or a PostgreSQL JDBC URL, and the keyset that encrypts secret columns.
 *
 * @param auditRetentionDays audit rows older than this are deleted by the daily prune; 0 keeps them for ever
 * @param migrateOnStart     bring the schema up to date at start (default true); false: only check it is, and leave
 *                           migrating to `chatpass store migrate` once per release (several replicas on PostgreSQL)
 */
public record StoreConfig(String sqlitePath, String jdbcUrl, String username, Secret password, Integer poolSize,
                          Secret encryptionKeyset, Integer connectionTimeoutMillis, Integer auditRetentionDays,
                          Boolean migrateOnStart) {
    public static final String DEFAULT_SQLITE_PATH = "chatpass.db";

    public StoreConfig {
        poolSize = Objects.requireNonNullElse(poolSize, StoreSettings.DEFAULT_POOL_SIZE);
        connectionTimeoutMillis = Objects.requireNonNullElse(connectionTimeoutMillis,
                (int) StoreSettings.DEFAULT_CONNECTION_TIMEOUT.toMillis());
        auditRetentionDays = Objects.requireNonNullElse(auditRetentionDays, 365);
        migrateOnStart = Objects.requireNonNullElse(migrateOnStart, true);
    }

    void validate(Problems p) {
        if (sqlitePath != null && jdbcUrl != null) {
            p.add("jdbcUrl", "is set together with store.sqlitePath", "keep one: sqlitePath for SQLite or jdbcUrl for PostgreSQL");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://")) {
            p.add("jdbcUrl", "is not a PostgreSQL JDBC URL", "write it as jdbc:postgresql://HOST:5432/DATABASE");
        }
        if (poolSize < 1 || poolSize > 200) p.add("poolSize", "must be between 1 and 200, not " + poolSize, "the default is 8");
        if (connectionTimeoutMillis < 250 || connectionTimeoutMillis > 30_000) {
            p.add("connectionTimeoutMillis", "must be between 250 and 30000, not " + connectionTimeoutMillis, "the default is 2000");
        }
        if (auditRetentionDays < 0 || auditRetentionDays > 3650) {
            p.add("auditRetentionDays", "must be between 0 (keep for ever) and 3650, not " + auditRetentionDays, "the default is 365");
        }
        if (encryptionKeyset == null) {
            p.add("encryptionKeyset", "is missing", "run `chatpass keys generate` and reference the keyset, e.g. ${file:/etc/chatpass/keyset.json}");
        } else {
            try {
                SecretBox.fromKeyset(encryptionKeyset);
            } catch (IllegalArgumentException e) {
                p.add("encryptionKeyset", "is not a valid Tink AEAD keyset", "run `chatpass keys generate` for a new one");
            }
        }
    }

    public StoreSettings settings() {
        if (jdbcUrl != null) {
            return new StoreSettings(null, jdbcUrl, username, password, poolSize, Duration.ofMillis(connectionTimeoutMillis), migrateOnStart);
        }
        return new StoreSettings(Path.of(Objects.requireNonNullElse(sqlitePath, DEFAULT_SQLITE_PATH)), null, null, null, poolSize,
                Duration.ofMillis(connectionTimeoutMillis), migrateOnStart);
    }
}
