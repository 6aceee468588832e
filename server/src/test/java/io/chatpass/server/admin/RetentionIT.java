package io.chatpass.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.store.Database;
import io.chatpass.core.store.Jdbc;
import io.chatpass.server.config.ChatpassConfig;
import io.chatpass.server.config.ConfigLoader;
import io.chatpass.server.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily prune runs shortly after the start and keeps store.auditRetentionDays of audit log. */
class RetentionIT {
    @Test
    void auditRowsOlderThanTheRetentionAreDeletedAndNewerOnesKept(@TempDir Path dir) throws Exception {
        ChatpassConfig config = new ConfigLoader(Map.of("CHATPASS_STORE_AUDITRETENTIONDAYS", "30"), io.chatpass.server.vendors.VendorRegistry.sections())
                .load(TestServer.writeConfig(dir, 0, ""));
        long now = Instant.now().toEpochMilli();
        try (Database db = Database.open(config.store().settings())) { // the rows exist before the server starts
            Jdbc jdbc = new Jdbc(db.dataSource());
            jdbc.update("INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES ('old', ?, 'alice', 'user.block', 'u', null)",
                    now - Duration.ofDays(31).toMillis());
            jdbc.update("INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES ('recent', ?, 'alice', 'user.block', 'u', null)",
                    now - Duration.ofDays(29).toMillis());
        }
        try (TestServer s = TestServer.start(config); Database db = Database.open(config.store().settings())) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (jdbc.one("SELECT COUNT(*) FROM audit_log WHERE id = 'old'", rs -> rs.getInt(1)).orElseThrow() > 0) {
                assertThat(System.nanoTime()).as("the first prune ran").isLessThan(deadline);
                Thread.sleep(200);
            }
            assertThat(jdbc.one("SELECT COUNT(*) FROM audit_log WHERE id = 'recent'", rs -> rs.getInt(1)).orElseThrow()).isEqualTo(1);
        }
    }
}
