package io.chatpass.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLockTest {
    @Test
    void aSecondServerOnOneSqliteFileIsRefusedNamingPostgres(@TempDir Path dir) {
        StoreSettings s = Stores.sqlite(dir);
        try (Database first = Database.openForServing(s)) {
            assertThat(first.isReady()).isTrue();
            assertThatThrownBy(() -> Database.openForServing(s))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("already in use by another Chatpass process")
                    .hasMessageContaining("PostgreSQL (store.jdbcUrl)");
        }
        // Released with the first: a new server may start.
        try (Database again = Database.openForServing(s)) {
            assertThat(again.isReady()).isTrue();
        }
    }
}
