package io.chatpass.core.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same behaviour on a real SQLite file and a real PostgreSQL. */
class SiteUsersIT {
    @TempDir
    static Path dir;

    static Stream<StoreSettings> stores() {
        return Stream.of(Stores.sqlite(dir), Stores.postgres());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void sightingsCreateThenUpdateAUser(StoreSettings settings) {
        try (Database db = Database.open(settings)) {
            var t0 = Instant.parse("2026-01-01T00:00:00Z");
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.fixed(t0, ZoneOffset.UTC));
            users.recordSeen("u-1", "a@example.com", "Ann");
            SiteUsers later = new SiteUsers(db.dataSource(), Clock.fixed(t0.plusSeconds(600), ZoneOffset.UTC));
            later.recordSeen("u-1", "ann@example.com", "Ann B");
            SiteUserRecord u = later.find("u-1").orElseThrow();
            assertThat(u.email()).isEqualTo("ann@example.com");
            assertThat(u.name()).isEqualTo("Ann B");
            assertThat(u.firstSeen()).isEqualTo(t0);
            assertThat(u.lastSeen()).isEqualTo(t0.plusSeconds(600));
            assertThat(u.blocked()).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void blockSurvivesLaterSightingsAndUnblockClearsIt(StoreSettings settings) {
        try (Database db = Database.open(settings)) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            users.block("never-seen", "abuse", "test");
            assertThat(users.isBlocked("never-seen")).isTrue();
            users.recordSeen("never-seen", "x@example.com", "X");
            assertThat(users.isBlocked("never-seen")).isTrue();
            assertThat(users.find("never-seen").orElseThrow().blockReason()).isEqualTo("abuse");
            assertThat(users.unblock("never-seen", "test")).isTrue();
            assertThat(users.isBlocked("never-seen")).isFalse();
            assertThat(users.unblock("nobody", "test")).isFalse();
            assertThat(users.isBlocked("nobody")).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void reopeningAMigratedStoreKeepsItsData(StoreSettings settings) {
        try (Database db = Database.open(settings)) {
            new SiteUsers(db.dataSource(), Clock.systemUTC()).recordSeen("keep", null, null);
        }
        try (Database db = Database.open(settings)) {
            assertThat(db.isReady()).isTrue();
            assertThat(new SiteUsers(db.dataSource(), Clock.systemUTC()).find("keep")).isPresent();
        }
    }
}
