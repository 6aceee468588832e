package io.chatpass.server.vendors;

import io.chatpass.core.store.*;
import io.chatpass.core.users.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.server.vendors.livechat.AccountsStandIn;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.Jdbc;
import io.chatpass.core.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Search, export and erase on SQLite and PostgreSQL: after an erase, no row anywhere holds the user's id, email or name. */
class UserAdministrationIT {
    static final byte[] KEY = "pseudonym-key-for-tests-0123456789abcdef".getBytes();
    @TempDir
    Path dir;

    Database open(String store) {
        return Database.open(store.equals("sqlite") ? Stores.sqlite(dir) : Stores.postgres());
    }

    static void seed(Database db, String id, String email, String name) {
        SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
        users.recordSeen(id, email, name);
        users.block(id, "asked by " + email + " (" + name + ")", "alice");
        users.unblock(id, "bob");
        Jdbc jdbc = new Jdbc(db.dataSource());
        jdbc.update("""
                INSERT INTO livechat_identities (site_user_id, account, entity_id, cst_sealed, token_sealed, token_type,
                    token_created_at, token_expires_in, created_at, updated_at) VALUES (?, 'org:1', 'entity-' || ?, 'SEALED-CST', 'SEALED-TOKEN', 'Bearer', 1, 2, 3, 4)""",
                id, id);
        jdbc.update("INSERT INTO livechat_leases (site_user_id, account, owner, expires_at) VALUES (?, 'org:1', 'o', 1)", id);
        jdbc.update("INSERT INTO hubspot_tokens (site_user_id, email, token_sealed, created_at) VALUES (?, ?, 'SEALED-HS', 5)", id, email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void exportHoldsEverythingButSecrets(String store) throws Exception {
        try (Database db = open(store)) {
            seed(db, "user-7", "Seven@Example.com", "Sev En");
            seed(db, "other", "other@example.com", "Oth Er");
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), KEY, VendorRegistry.storedData());
            Map<String, Object> export = admin.export("user-7").orElseThrow();
            String text = export.toString();
            assertThat(text).contains("Seven@Example.com", "Sev En", "entity-user-7", "user.block", "user.unblock", "hubspot", "livechat")
                    .doesNotContain("SEALED").doesNotContain("other");
            assertThat(((List<?>) export.get("audit"))).hasSize(2);
            assertThat(admin.export("nobody")).isEmpty();
            assertThat(admin.search("seven@", 0, 10).items()).extracting(SiteUserRecord::id).containsExactly("user-7");
            assertThat(admin.search("", 0, 1).more()).isTrue();
            assertThat(admin.search("50%_", 0, 10).items()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void afterAnEraseNoRowHoldsTheUsersIdEmailOrName(String store) throws Exception {
        try (Database db = open(store)) {
            seed(db, "user-9", "Nine@Example.com", "Nina Nein");
            seed(db, "keep", "keep@example.com", "Kee P");
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), KEY, VendorRegistry.storedData());
            assertThat(admin.erase("user-9", "carol")).isTrue();
            List<String> all = Stores.everyValue(db.dataSource());
            assertThat(all).noneMatch(v -> v.contains("user-9") || v.contains("Nine@Example.com") || v.contains("Nina Nein"));
            assertThat(all).anyMatch(v -> v.contains("keep@example.com"));
            String pseudonym = admin.pseudonym("user-9");
            var audit = admin.audit(new UserAdministration.AuditFilter(pseudonym, null, null, null, null), 0, 10).items();
            assertThat(audit).extracting(AuditEntry::action).containsExactly("user.erase", "user.unblock", "user.block");
            assertThat(audit.get(0).actor()).isEqualTo("carol");
            assertThat(audit.get(2).detail()).isEqualTo("asked by " + pseudonym + " (" + pseudonym + ")");
            assertThat(admin.erase("user-9", "carol")).isFalse();
            assertThat(admin.erase("never", "carol")).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void anEraseScrubsOnlyTheErasedUsersOwnAuditRows(String store) throws Exception {
        try (Database db = open(store)) {
            seed(db, "ann", "ann@example.com", "Ann");
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            users.block("bob", "second account of ann (Ann, ann@example.com)", "alice");
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), KEY, VendorRegistry.storedData());
            assertThat(admin.erase("ann", "carol")).isTrue();
            var bobs = admin.audit(new UserAdministration.AuditFilter("bob", null, null, null, null), 0, 10).items();
            assertThat(bobs).extracting(AuditEntry::detail).as("another user's row is not rewritten")
                    .containsExactly("second account of ann (Ann, ann@example.com)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aBlockedUserStaysBlockedAfterTheirErasureByPseudonymOnlyUntilUnblocked(String store) throws Exception {
        try (Database db = open(store)) {
            Pseudonyms pseudonyms = new Pseudonyms(KEY);
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC(), pseudonyms);
            users.recordSeen("troll-1", "troll@example.com", "Trolly");
            users.block("troll-1", "abuse", "alice");
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), pseudonyms, VendorRegistry.storedData());
            try (SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC())) {
                io.chatpass.core.login.SiteUser troll = new io.chatpass.core.login.SiteUser("troll-1", null, null, null, "x", Map.of());
                assertThat(admin.erase("troll-1", "carol")).isTrue();
                gate.refresh();
                assertThat(gate.admit(troll)).as("erased, still blocked").isFalse();
                assertThat(Stores.everyValue(db.dataSource())).as("nothing names them")
                        .noneMatch(v -> v.contains("troll-1") || v.contains("troll@example.com") || v.contains("Trolly"));
                assertThat(users.erasedBlocks()).containsExactly(pseudonyms.of("troll-1"));
                assertThat(users.unblock("troll-1", "alice")).as("the block can be lifted by the id").isTrue();
                gate.refresh();
                assertThat(gate.admit(troll)).isTrue();
                assertThat(users.erasedBlocks()).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aVendorIdentityStoredAsTheUserIsErasedIsErasedWithThemOrVisibleNeverOrphaned(String store) throws Exception {
        try (Database db = open(store); AccountsStandIn livechat = new AccountsStandIn()) {
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), KEY, VendorRegistry.storedData());
            var broker = new io.chatpass.server.vendors.livechat.LiveChatBroker(io.chatpass.server.vendors.livechat.LiveChatSettings
                    .builder("client-1", java.net.URI.create("https://shop.example.com/")).organization("org-1")
                    .accountsBaseUrl(java.net.URI.create(livechat.baseUrl())).build(), db.dataSource(),
                    io.chatpass.core.crypto.SecretBox.fromKeyset(io.chatpass.core.Secret.ofUtf8(io.chatpass.core.crypto.SecretBox.generateKeyset())),
                    Clock.systemUTC(), io.chatpass.server.vendors.livechat.LiveChatEvents.NONE);
            var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            Jdbc jdbc = new Jdbc(db.dataSource());
            int erasedWithThem = 0;
            int visible = 0;
            for (int i = 0; i < 40; i++) {
                String id = "racer-" + i;
                livechat.delayMillis = i % 4 * 5L; // the erase lands before, during and after the LiveChat call
                var created = pool.submit(() -> broker.token(id));
                Thread.sleep(i % 7);
                admin.erase(id, "carol");
                created.get();
                boolean identity = jdbc.one("SELECT 1 FROM livechat_identities WHERE site_user_id = ?", rs -> 1, id).isPresent();
                boolean user = jdbc.one("SELECT 1 FROM site_users WHERE id = ?", rs -> 1, id).isPresent();
                assertThat(!identity || user).as(id + ": an identity the admin API cannot find or erase").isTrue();
                if (identity) {
                    visible++;
                    assertThat(admin.export(id)).as(id + " is visible").isPresent();
                    assertThat(admin.erase(id, "carol")).isTrue();
                    assertThat(jdbc.one("SELECT 1 FROM livechat_identities WHERE site_user_id = ?", rs -> 1, id)).isEmpty();
                } else {
                    erasedWithThem++;
                }
            }
            assertThat(visible + erasedWithThem).isEqualTo(40);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void auditFiltersAndPruning(String store) throws Exception {
        try (Database db = open(store)) {
            seed(db, "a1", "a1@example.com", "A One");
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), KEY, VendorRegistry.storedData());
            assertThat(admin.audit(new UserAdministration.AuditFilter(null, "user.block", null, null, null), 0, 10).items()).hasSize(1);
            assertThat(admin.audit(new UserAdministration.AuditFilter(null, null, "bob", null, null), 0, 10).items())
                    .extracting(AuditEntry::action).containsExactly("user.unblock");
            assertThat(admin.audit(new UserAdministration.AuditFilter(null, null, null, Instant.now().plusSeconds(60), null), 0, 10).items()).isEmpty();
            assertThat(admin.pruneAudit(Instant.now().minusSeconds(3600))).isZero();
            assertThat(admin.pruneAudit(Instant.now().plusSeconds(1))).isEqualTo(2);
        }
    }
}
