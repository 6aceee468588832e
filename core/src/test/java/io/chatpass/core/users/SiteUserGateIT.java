package io.chatpass.core.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatpass.core.login.SiteUser;
import io.chatpass.core.store.Database;
import io.chatpass.core.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteUserGateIT {
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
            gate.forget("bo");
            assertThat(gate.admit(bo)).isFalse();
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
