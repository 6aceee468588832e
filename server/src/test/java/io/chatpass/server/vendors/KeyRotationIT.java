package io.chatpass.server.vendors;

import io.chatpass.core.store.*;
import io.chatpass.core.users.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.Secret;
import io.chatpass.core.crypto.SecretBox;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rotation end to end on SQLite and PostgreSQL: count per key, re-seal in batches, retire the old key. */
class KeyRotationIT {
    @TempDir
    Path dir;

    static String seal(SecretBox box, String value, String ctx) {
        return Base64.getEncoder().encodeToString(box.seal(value, ctx));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void rotateResealRetire(String store) throws Exception {
        try (Database db = Database.open(store.equals("sqlite") ? Stores.sqlite(dir) : Stores.postgres())) {
            Secret first = Secret.ofUtf8(SecretBox.generateKeyset());
            SecretBox old = SecretBox.fromKeyset(first);
            Jdbc jdbc = new Jdbc(db.dataSource());
            int users = 25;
            for (int i = 0; i < users; i++) {
                String u = "u" + i;
                jdbc.update("""
                        INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type,
                            token_created_at, token_expires_in, created_at, updated_at) VALUES (?, 'org:1', ?, ?, ?, 'Bearer', 1, 2, 3, 4)""",
                        u, "e" + i, seal(old, "cst-" + i, "livechat_identities:org:1:" + u + ":cst"),
                        i % 2 == 0 ? seal(old, "tok-" + i, "livechat_identities:org:1:" + u + ":token") : null);
                jdbc.update("INSERT INTO hubspot_tokens (site_user_id, email, token_sealed, created_at) VALUES (?, ?, ?, 1)",
                        u, u + "@example.com", seal(old, "hs-" + i, "hubspot_tokens:" + u + ":token"));
            }
            long sealed = users + (users + 1) / 2 + users;
            assertThat(new SealedColumns(db.dataSource(), old, io.chatpass.server.App.sealedColumns()).countByKey()).isEqualTo(Map.of(old.primaryKeyId(), sealed));

            Secret rotated = Secret.ofUtf8(SecretBox.rotateKeyset(first));
            SecretBox box = SecretBox.fromKeyset(rotated);
            assertThat(box.primaryKeyId()).isNotEqualTo(old.primaryKeyId());
            assertThat(box.keyIds()).containsExactlyInAnyOrder(old.primaryKeyId(), box.primaryKeyId());
            assertThatThrownBy(() -> SecretBox.retireKey(rotated, box.primaryKeyId())).hasMessageContaining("primary");

            SealedColumns columns = new SealedColumns(db.dataSource(), box, io.chatpass.server.App.sealedColumns());
            assertThat(columns.resealAll(7, 0)).isEqualTo(sealed);
            assertThat(columns.countByKey()).isEqualTo(Map.of(box.primaryKeyId(), sealed));
            assertThat(columns.resealAll(7, 0)).as("nothing left to do").isZero();

            SecretBox retired = SecretBox.fromKeyset(Secret.ofUtf8(SecretBox.retireKey(rotated, old.primaryKeyId())));
            assertThat(retired.keyIds()).containsExactly(box.primaryKeyId());
            for (int i = 0; i < users; i++) {
                String u = "u" + i;
                String hs = jdbc.one("SELECT token_sealed FROM hubspot_tokens WHERE site_user_id = ?", rs -> rs.getString(1), u).orElseThrow();
                assertThat(retired.open(Base64.getDecoder().decode(hs), "hubspot_tokens:" + u + ":token")).isEqualTo("hs-" + i);
                String cst = jdbc.one("SELECT cst_sealed FROM livechat_identities WHERE site_user_id = ?", rs -> rs.getString(1), u).orElseThrow();
                assertThat(retired.open(Base64.getDecoder().decode(cst), "livechat_identities:org:1:" + u + ":cst")).isEqualTo("cst-" + i);
            }
        }
    }
}
