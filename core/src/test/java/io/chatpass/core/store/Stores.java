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

    /** Every non-null value of every row of every application table, as "table.column=value" (what an auditor would grep). */
    public static java.util.List<String> everyValue(javax.sql.DataSource ds) throws java.sql.SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (var c = ds.getConnection()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (java.sql.ResultSet t = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (t.next()) {
                    String name = t.getString("TABLE_NAME");
                    if (!name.startsWith("flyway") && !name.startsWith("sqlite_")) tables.add(name);
                }
            }
            if (!tables.contains("site_users") || !tables.contains("audit_log")) throw new IllegalStateException("tables not found: " + tables);
            for (String table : tables) {
                try (var s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    java.sql.ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String v = rs.getString(i);
                            if (v != null) out.add(table + "." + md.getColumnName(i) + "=" + v);
                        }
                    }
                }
            }
        }
        return out;
    }
}
