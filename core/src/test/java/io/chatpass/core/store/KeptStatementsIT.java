package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite read statements are kept per connection and reused (Jdbc): a kept statement must never hold a read
 * snapshot open, so every read sees the latest committed write, and a checkpoint of the write-ahead log can run.
 */
class KeptStatementsIT {
    @Test
    void aKeptStatementSeesEveryCommittedWriteAndHoldsNoSnapshot(@TempDir Path dir) throws Exception {
        StoreSettings settings = Stores.sqlite(dir);
        try (Database db = Database.open(settings)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("INSERT INTO site_users (id, first_seen, last_seen, blocked) VALUES ('k', 1, 1, FALSE)");
            for (int i = 2; i < 200; i++) {
                // the write through the pool, the read through the kept statement of whichever connection comes next
                jdbc.update("UPDATE site_users SET last_seen = ? WHERE id = 'k'", i);
                long seen = jdbc.one("SELECT last_seen FROM site_users WHERE id = ?", rs -> rs.getLong(1), "k").orElseThrow();
                assertThat(seen).isEqualTo(i);
            }
            // a writer outside the pool (another process would be the same): the next read sees it
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chatpass.db"))) {
                other.createStatement().executeUpdate("UPDATE site_users SET last_seen = 999 WHERE id = 'k'");
                assertThat(jdbc.one("SELECT last_seen FROM site_users WHERE id = ?", rs -> rs.getLong(1), "k")).hasValue(999L);
                // no reader holds a snapshot: a truncating checkpoint completes (busy = 0)
                try (ResultSet rs = other.createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("checkpoint blocked by a reader").isZero();
                }
            }
            // a failing read (a missing table) leaves the kept statements usable
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.one("SELECT x FROM no_such_table", rs -> 1))
                    .isInstanceOf(StoreException.class);
            assertThat(jdbc.one("SELECT last_seen FROM site_users WHERE id = ?", rs -> rs.getLong(1), "k")).hasValue(999L);
        }
    }

    /** A schema change under a kept statement (a table renamed away and back, as WebLayerIT does) leaves reads working. */
    @Test
    void aKeptStatementSurvivesATableRenamedAwayAndBack(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("INSERT INTO site_users (id, first_seen, last_seen, blocked) VALUES ('r', 5, 5, FALSE)");
            for (int i = 0; i < 20; i++) jdbc.one("SELECT * FROM site_users WHERE id = ?", rs -> rs.getLong("last_seen"), "r");
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chatpass.db"))) {
                other.createStatement().execute("ALTER TABLE site_users RENAME TO site_users_gone");
                for (int i = 0; i < 20; i++) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> jdbc.one("SELECT * FROM site_users WHERE id = ?", rs -> rs.getLong("last_seen"), "r"))
                            .isInstanceOf(StoreException.class);
                }
                other.createStatement().execute("ALTER TABLE site_users_gone RENAME TO site_users");
            }
            for (int i = 0; i < 20; i++) {
                assertThat(jdbc.one("SELECT * FROM site_users WHERE id = ?", rs -> rs.getLong("last_seen"), "r")).hasValue(5L);
            }
        }
    }
}
