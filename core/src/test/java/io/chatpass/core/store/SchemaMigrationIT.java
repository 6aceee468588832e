package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** Schema versions on real stores: what each store's own migrations do, and that they keep the rows already stored. */
class SchemaMigrationIT {
    private static final String ROW = "('user-1', 'acct', 'entity-1', 'sealed-cst', 'sealed-token', 'Bearer', 10, 20, 30, 40)";

    @Test
    void sqliteClustersLiveChatIdentitiesOnTheirKeyAndKeepsEveryRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chatpass.db");
        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + file);
        // A store as the previous release left it: schema version 7, one LiveChat customer stored.
        Flyway.configure().dataSource(raw).locations("classpath:io/chatpass/core/store/migration").target("7").load().migrate();
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type, "
                    + "token_created_at, token_expires_in, created_at, updated_at) VALUES " + ROW);
        }

        try (Database db = Database.open(StoreSettings.sqlite(file))) {
            assertThat(versions(db.dataSource())).endsWith("7", "8");
            assertThat(rows(db.dataSource())).containsExactly("user-1|acct|entity-1|sealed-cst|sealed-token|Bearer|10|20|30|40");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT rowid FROM livechat_identities"))
                        .as("a WITHOUT ROWID table has no rowid").isInstanceOf(SQLException.class).hasMessageContaining("rowid");
                assertThatThrownBy(() -> s.executeUpdate("INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, "
                        + "token_sealed, token_type, token_created_at, token_expires_in, created_at, updated_at) VALUES " + ROW))
                        .as("the primary key still holds").isInstanceOf(SQLException.class);
            }
        }
    }

    @Test
    void postgresCarriesTheSameSchemaVersions() throws Exception {
        try (Database db = Database.open(Stores.postgres())) {
            assertThat(versions(db.dataSource())).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
        }
    }

    private static List<String> versions(DataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static List<String> rows(DataSource ds) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT site_user_id, account, entity_id, cst_sealed, token_sealed, token_type, "
                     + "token_created_at, token_expires_in, created_at, updated_at FROM livechat_identities")) {
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= 10; i++) cols.add(rs.getString(i));
                out.add(String.join("|", cols));
            }
        }
        return out;
    }
}
