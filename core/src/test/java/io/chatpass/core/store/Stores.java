package io.chatpass.core.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real stores for tests: an SQLite file in a temporary folder, and one PostgreSQL server per test JVM. */
public final class Stores {
    private static EmbeddedPostgres postgres;
    private static int databases;

    private Stores() {
    }

    public static StoreSettings sqlite(Path dir) {
        return StoreSettings.sqlite(dir.resolve("chatpass.db"));
    }

    /** A fresh, empty database on the shared embedded PostgreSQL. */
    public static synchronized StoreSettings postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            String name = "chatpass_test_" + (++databases);
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return StoreSettings.jdbc(postgres.getJdbcUrl("postgres", name), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
