package io.chatpass.server.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.store.Database;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox takes unauthenticated writes: its tables keep only the latest rows. */
class SandboxLimitsIT {
    static long count(Jdbc jdbc, String sql, Object... args) {
        return jdbc.one(sql, rs -> rs.getLong(1), args).orElseThrow();
    }

    @Test
    void aConversationKeepsItsLatestMessagesOnly(@TempDir Path dir) {
        try (Database db = Database.open(StoreSettings.sqlite(dir.resolve("s.db")))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            for (int i = 0; i < SandboxLimits.MAX_MESSAGES_PER_CONVERSATION + 25; i++) {
                SandboxMessages.add(jdbc, Clock.systemUTC(), "conv-1", "visitor", "message " + i);
            }
            assertThat(count(jdbc, "SELECT COUNT(*) FROM sandbox_messages WHERE conversation = ?", "conv-1"))
                    .isEqualTo(SandboxLimits.MAX_MESSAGES_PER_CONVERSATION);
            assertThat(SandboxMessages.list(jdbc, "conv-1").get(SandboxLimits.MAX_MESSAGES_PER_CONVERSATION - 1).get("text"))
                    .isEqualTo("message " + (SandboxLimits.MAX_MESSAGES_PER_CONVERSATION + 24));
        }
    }

    /** Messages sent within one millisecond keep their order, in the listing and in the trim. */
    @Test
    void messagesOfOneMillisecondKeepTheirOrder(@TempDir Path dir) {
        try (Database db = Database.open(StoreSettings.sqlite(dir.resolve("s.db")))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            Clock stopped = Clock.fixed(java.time.Instant.parse("2026-12-03T12:00:00Z"), java.time.ZoneOffset.UTC);
            int n = SandboxLimits.MAX_MESSAGES_PER_CONVERSATION + 10;
            for (int i = 0; i < n; i++) SandboxMessages.add(jdbc, stopped, "conv-2", "visitor", "message " + i);
            var listed = SandboxMessages.list(jdbc, "conv-2");
            assertThat(listed).hasSize(SandboxLimits.MAX_MESSAGES_PER_CONVERSATION);
            for (int i = 0; i < listed.size(); i++) {
                assertThat(listed.get(i).get("text")).as("position " + i).isEqualTo("message " + (n - SandboxLimits.MAX_MESSAGES_PER_CONVERSATION + i));
            }
            assertThat(SandboxMessages.nextId()).hasSize(36);
        }
    }

    @Test
    void aTableKeepsItsNewestRowsOnly(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(StoreSettings.sqlite(dir.resolve("s.db")))) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.transaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO sandbox_customers (entity_id, cst, created_at) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < SandboxLimits.MAX_ENTRIES + 50; i++) {
                        ps.setString(1, "e" + i);
                        ps.setString(2, "c");
                        ps.setLong(3, i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
            SandboxLimits.trim(jdbc, "sandbox_customers", "created_at");
            assertThat(count(jdbc, "SELECT COUNT(*) FROM sandbox_customers")).isEqualTo(SandboxLimits.MAX_ENTRIES);
            assertThat(count(jdbc, "SELECT MIN(created_at) FROM sandbox_customers")).isEqualTo(50);
        }
    }
}
