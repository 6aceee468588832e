package io.chatpass.core.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatpass.core.login.SiteUser;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.StoreException;
import io.chatpass.core.store.StoreSettings;
import io.chatpass.core.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SiteUserGateIT {
    @TempDir
    static Path shared;

    static Stream<StoreSettings> stores() {
        return Stream.of(Stores.sqlite(shared), Stores.postgres());
    }

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static final class SettableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(T0);

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Test
    void aBusyUserCostsOneStoreWritePerInterval(@TempDir Path dir) {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SettableClock clock = new SettableClock();
            SiteUsers users = new SiteUsers(db.dataSource(), clock);
            SiteUserGate gate = new SiteUserGate(users, clock);
            SiteUser ann = new SiteUser("ann", "ann@example.com", "Ann", null, "x", Map.of());
            assertThat(gate.admit(ann)).isTrue();
            for (int i = 1; i <= 100; i++) {
                clock.now.set(T0.plusSeconds(i));
                assertThat(gate.admit(ann)).isTrue();
            }
            gate.flush();
            // a hundred requests over 100 s: the sighting written once, at the first one
            assertThat(gate.sightings().written()).isEqualTo(1);
            assertThat(users.find("ann").orElseThrow().lastSeen()).isEqualTo(T0);
            // once the interval has passed on the gate's clock, the next request writes again
            Instant later = T0.plus(SiteUserGate.RECORD_EVERY).plusSeconds(1);
            clock.now.set(later);
            assertThat(gate.admit(ann)).isTrue();
            gate.flush();
            assertThat(users.find("ann").orElseThrow().lastSeen()).isEqualTo(later);
            gate.close();
        }
    }

    @Test
    void aBlockMadeHereTakesEffectAtOnce(@TempDir Path dir) {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC());
            SiteUser bo = new SiteUser("bo", null, null, null, "x", Map.of());
            assertThat(gate.admit(bo)).isTrue();
            users.block("bo", "test", "test");
            gate.refresh();
            assertThat(gate.admit(bo)).isFalse();
            users.unblock("bo", "test");
            gate.refresh();
            assertThat(gate.admit(bo)).isTrue();
            gate.close();
        }
    }

    /** Two gates on one store are two server processes; blocking through SiteUsers is what the CLI does. */
    @ParameterizedTest
    @MethodSource("stores")
    void aBlockMadeElsewhereTakesEffectWithinTheCheckInterval(StoreSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            String id = "elsewhere-" + System.nanoTime();
            SiteUser cy = new SiteUser(id, null, null, null, "x", Map.of());
            try (SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC())) {
                assertThat(gate.admit(cy)).isTrue();
                users.block(id, "abuse", "cli:test");
                long blockedAt = System.nanoTime();
                while (gate.admit(cy) && System.nanoTime() - blockedAt < 5_000_000_000L) Thread.sleep(10);
                long tookMs = (System.nanoTime() - blockedAt) / 1_000_000;
                assertThat(gate.admit(cy)).as("refused once the poller saw the new version").isFalse();
                assertThat(tookMs).isLessThan(SiteUserGate.BLOCK_CHECK_EVERY.toMillis() + 1_000);
                users.unblock(id, "cli:test");
                long unblockedAt = System.nanoTime();
                while (!gate.admit(cy) && System.nanoTime() - unblockedAt < 5_000_000_000L) Thread.sleep(10);
                assertThat(gate.admit(cy)).isTrue();
                assertThat(gate.blockedCount()).isZero();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void erasingABlockedUserChangesTheBlockListVersion(StoreSettings settings) {
        try (Database db = Database.open(settings)) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            String id = "erased-" + System.nanoTime();
            long v0 = users.blockListVersion();
            users.block(id, "abuse", "test");
            long v1 = users.blockListVersion();
            assertThat(v1).isGreaterThan(v0);
            assertThat(users.blockedIds()).contains(id);
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), new byte[32], java.util.List.of());
            assertThat(admin.erase(id, "test")).isTrue();
            assertThat(users.blockListVersion()).isGreaterThan(v1);
            assertThat(users.blockedIds()).doesNotContain(id);
            long v2 = users.blockListVersion();
            users.recordSeen("plain-" + System.nanoTime(), null, null);
            assertThat(users.blockListVersion()).as("a sighting is no change to the block list").isEqualTo(v2);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aUserWhoReturnsAfterBeingErasedIsRecordedAgainAtOnce(StoreSettings settings) {
        try (Database db = Database.open(settings)) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            UserAdministration admin = new UserAdministration(db.dataSource(), Clock.systemUTC(), new byte[32], java.util.List.of());
            SiteUser back = new SiteUser("back-" + System.nanoTime(), "back@example.com", "Back", true, "x", Map.of());
            try (SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC())) {
                assertThat(gate.admit(back)).isTrue();
                gate.flush();
                assertThat(users.find(back.id())).isPresent();
                assertThat(admin.erase(back.id(), "test")).isTrue();
                gate.refresh(); // as the admin API does after an erase
                assertThat(gate.admit(back)).isTrue();
                gate.flush();
                assertThat(users.find(back.id())).as("recorded again, so the admin API can find and erase them").isPresent();
            }
        }
    }

    @Test
    void aBlockListTheStoreCannotConfirmIsNotTrustedForever(@TempDir Path dir) throws Exception {
        Database db = Database.open(Stores.sqlite(dir));
        SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
        SiteUser di = new SiteUser("di", null, null, null, "x", Map.of());
        try (SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMillis(400))) {
            assertThat(gate.admit(di)).isTrue();
            db.close(); // the store goes away: the poller's reads fail from now on
            long t0 = System.nanoTime();
            boolean admittedWhileFresh = gate.admit(di);
            Thread.sleep(800);
            assertThatThrownBy(() -> gate.admit(di)).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.isUnavailable()).isTrue());
            assertThat(admittedWhileFresh).as("within the grace period the last list read holds").isTrue();
            assertThat(System.nanoTime() - t0).isLessThan(400_000_000L + 800_000_000L + 500_000_000L);
        }
    }

    @Test
    void firstVisitsAreWrittenBehindInBatches(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(Stores.sqlite(dir))) {
            SiteUsers users = new SiteUsers(db.dataSource(), Clock.systemUTC());
            try (SiteUserGate gate = new SiteUserGate(users, Clock.systemUTC())) {
                for (int i = 0; i < 1000; i++) assertThat(gate.admit(new SiteUser("v" + i, null, null, null, "x", Map.of()))).isTrue();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (gate.sightings().written() < 1000 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(gate.sightings().written()).as("written by the background writer, without a flush").isEqualTo(1000);
                assertThat(users.find("v0")).isPresent();
                assertThat(users.find("v999")).isPresent();
            }
        }
    }
}
